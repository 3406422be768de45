package org.cityos.core.tenancy;

import java.util.Objects;
import java.util.Optional;

import org.cityos.core.PortalId;
import org.cityos.core.StoreId;
import org.cityos.core.TenantId;

/** Where a custom domain leads: its tenant and the store and/or portal that claimed it. */
public record DomainRoute(String domain, TenantId tenant, Optional<StoreId> store, Optional<PortalId> portal) {
    public DomainRoute {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(tenant, "tenant");
        store = store == null ? Optional.empty() : store;
        portal = portal == null ? Optional.empty() : portal;
    }
}
