package org.cityos.core.tenancy;

import java.util.List;
import java.util.Optional;

import org.cityos.core.StoreId;

/** What it takes to create a portal; {@code store} ties it to one store (brand) of the tenant. */
public record NewPortal(PortalKind kind, String handle, String name, Optional<StoreId> store, List<String> domains) {
    public NewPortal {
        store = store == null ? Optional.empty() : store;
        domains = domains == null ? List.of() : List.copyOf(domains);
    }

    public static NewPortal of(PortalKind kind, String handle, String name, String... domains) {
        return new NewPortal(kind, handle, name, Optional.empty(), List.of(domains));
    }

    public NewPortal store(StoreId id) {
        return new NewPortal(kind, handle, name, Optional.of(id), domains);
    }
}
