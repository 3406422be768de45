package org.cityos.core.tenancy;

import java.util.List;
import java.util.Optional;

import org.cityos.core.StoreId;
import org.cityos.core.TenantId;

/**
 * A store (brand) of a tenant, with its custom domains and its links to the commerce backend's
 * sales channel and region.
 */
public record Store(StoreId id, TenantId tenant, String handle, String name, Status status, List<String> domains,
                    Optional<String> salesChannelId, Optional<String> regionId) {
    public Store {
        domains = List.copyOf(domains);
    }
}
