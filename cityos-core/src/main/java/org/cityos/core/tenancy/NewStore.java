package org.cityos.core.tenancy;

import java.util.List;
import java.util.Optional;

/** What it takes to create a store; domains may be empty. */
public record NewStore(String handle, String name, List<String> domains, Optional<String> salesChannelId,
                       Optional<String> regionId) {
    public NewStore {
        domains = domains == null ? List.of() : List.copyOf(domains);
        salesChannelId = salesChannelId == null ? Optional.empty() : salesChannelId;
        regionId = regionId == null ? Optional.empty() : regionId;
    }

    public static NewStore of(String handle, String name, String... domains) {
        return new NewStore(handle, name, List.of(domains), Optional.empty(), Optional.empty());
    }

    public NewStore links(String salesChannelId, String regionId) {
        return new NewStore(handle, name, domains, Optional.ofNullable(salesChannelId), Optional.ofNullable(regionId));
    }
}
