package org.cityos.core.resolution;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.cityos.core.PortalId;
import org.cityos.core.Principal;
import org.cityos.core.StoreId;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;

/**
 * Which tenant a request is for: the tenant, the store and portal its custom domain names, the
 * principal of its credential (its API key's, or its bearer token's as verified during
 * resolution; empty when it sent neither), and the strategies whose signals agreed, in the
 * resolver's order.
 */
public record Resolution(TenantId tenant, Optional<StoreId> store, Optional<PortalId> portal,
                         Optional<Principal> principal, List<Strategy> signals) {
    public Resolution {
        Objects.requireNonNull(tenant, "tenant");
        store = store == null ? Optional.empty() : store;
        portal = portal == null ? Optional.empty() : portal;
        principal = principal == null ? Optional.empty() : principal;
        signals = List.copyOf(signals);
        if (signals.isEmpty()) {
            throw new IllegalArgumentException("a resolution needs at least one signal");
        }
    }

    /** A context for this tenant, store and portal with {@code actor} acting. */
    public TenantContext context(Principal actor) {
        return new TenantContext(tenant, store, portal, actor, null);
    }
}
