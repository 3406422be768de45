package org.cityos.core.tenancy;

import java.util.List;
import java.util.Optional;

/** A partial update of a store: empty fields stay as they are; {@code domains}, when given, replaces the set. */
public record StoreChange(Optional<String> name, Optional<List<String>> domains, Optional<String> salesChannelId,
                          Optional<String> regionId) {
    public StoreChange {
        name = name == null ? Optional.empty() : name;
        domains = domains == null ? Optional.empty() : domains;
        salesChannelId = salesChannelId == null ? Optional.empty() : salesChannelId;
        regionId = regionId == null ? Optional.empty() : regionId;
    }

    public static StoreChange none() {
        return new StoreChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public StoreChange name(String value) {
        return new StoreChange(Optional.of(value), domains, salesChannelId, regionId);
    }

    public StoreChange domains(String... values) {
        return new StoreChange(name, Optional.of(List.of(values)), salesChannelId, regionId);
    }

    public StoreChange links(String channel, String region) {
        return new StoreChange(name, domains, Optional.ofNullable(channel), Optional.ofNullable(region));
    }
}
