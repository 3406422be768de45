package org.cityos.core.resolution;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.cityos.core.TenantId;
import org.cityos.core.tenancy.DomainRoute;
import org.cityos.core.tenancy.Tenancy;
import org.cityos.core.tenancy.Tenant;

/**
 * The lookups resolution makes on every request (domain to route, handle or id to tenant),
 * through the tenancy services, cached (misses too) and emptied when tenancy reports a change of
 * domains or tenants. Another node's changes are seen once the time to live has passed.
 */
final class TenantLookups {
    private final Tenancy tenancy;
    private final LookupCache<String, Optional<DomainRoute>> routes;
    private final LookupCache<String, Optional<Tenant>> handles;
    private final LookupCache<TenantId, Optional<Tenant>> ids;

    TenantLookups(Tenancy tenancy, Clock clock, int maxSize, Duration ttl) {
        this.tenancy = tenancy;
        this.routes = new LookupCache<>(clock, maxSize, ttl);
        this.handles = new LookupCache<>(clock, maxSize, ttl);
        this.ids = new LookupCache<>(clock, maxSize, ttl);
        tenancy.onDomainsChanged(routes::clear);
        tenancy.tenants().onChange(id -> {
            handles.clear();
            ids.clear();
        });
    }

    /** The route of a normalised domain of at least two labels. */
    Optional<DomainRoute> route(String domain) {
        return routes.get(domain, tenancy::route);
    }

    Optional<Tenant> byHandle(String handle) {
        return handles.get(handle, tenancy.tenants()::byHandle);
    }

    Optional<Tenant> byId(TenantId id) {
        return ids.get(id, tenancy.tenants()::get);
    }
}
