package org.cityos.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The explicit scope of a tenant-owned call: which tenant, optionally which store and portal,
 * who is acting and under which request id. Every tenant-owned service call takes one; there is
 * no ambient "current tenant".
 */
public record TenantContext(TenantId tenant, Optional<StoreId> store, Optional<PortalId> portal,
                            Principal principal, String requestId) {
    public TenantContext {
        Objects.requireNonNull(tenant, "tenant");
        store = store == null ? Optional.empty() : store;
        portal = portal == null ? Optional.empty() : portal;
        Objects.requireNonNull(principal, "principal");
        requestId = requestId == null ? null : Values.neutralise(requestId);
    }

    /** A context for {@code tenant} acting as {@code principal}, with no store, portal or request id. */
    public static TenantContext of(TenantId tenant, Principal principal) {
        return new TenantContext(tenant, Optional.empty(), Optional.empty(), principal, null);
    }

    /** A system context for {@code tenant} (jobs, schedules, scenario runs). */
    public static TenantContext system(TenantId tenant, String who) {
        return of(tenant, Principal.system(who));
    }

    public TenantContext withRequestId(String id) {
        return new TenantContext(tenant, store, portal, principal, id);
    }

    public TenantContext withStore(StoreId storeId) {
        return new TenantContext(tenant, Optional.of(storeId), portal, principal, requestId);
    }

    public TenantContext withPortal(PortalId portalId) {
        return new TenantContext(tenant, store, Optional.of(portalId), principal, requestId);
    }
}
