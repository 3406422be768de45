package org.cityos.core.tenancy;

import java.util.List;
import java.util.Optional;

import org.cityos.core.PortalId;
import org.cityos.core.StoreId;
import org.cityos.core.TenantId;

/** A portal of a tenant (storefront, vendor portal or admin), optionally of one store, with its domains. */
public record Portal(PortalId id, TenantId tenant, Optional<StoreId> store, PortalKind kind, String handle,
                     String name, Status status, List<String> domains) {
    public Portal {
        domains = List.copyOf(domains);
    }
}
