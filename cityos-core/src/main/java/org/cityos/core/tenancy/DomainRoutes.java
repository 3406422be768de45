package org.cityos.core.tenancy;

import static org.cityos.core.internal.db.Tables.DOMAIN_ROUTE;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.PortalId;
import org.cityos.core.StoreId;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.jooq.DSLContext;

/** The platform-wide domain table behind stores' and portals' custom domains. */
final class DomainRoutes {
    private DomainRoutes() {
    }

    /** The route of a normalised domain; a platform read, made before any tenant is known. */
    static Optional<DomainRoute> find(DSLContext tx, String domain) {
        return tx.selectFrom(DOMAIN_ROUTE).where(DOMAIN_ROUTE.DOMAIN.eq(domain)).fetchOptional(r -> new DomainRoute(
                r.getDomain(), new TenantId(r.getTenantId()), Optional.ofNullable(r.getStoreId()).map(StoreId::new),
                Optional.ofNullable(r.getPortalId()).map(PortalId::new)));
    }

    static void claim(DSLContext tx, TenantContext ctx, List<String> domains, UUID store, UUID portal,
                      OffsetDateTime now) {
        for (String d : domains) {
            if (tx.fetchExists(DOMAIN_ROUTE, DOMAIN_ROUTE.DOMAIN.eq(d))) {
                throw CityOsException.conflict("domain '" + d + "' is already in use");
            }
            tx.insertInto(DOMAIN_ROUTE).set(DOMAIN_ROUTE.DOMAIN, d).set(DOMAIN_ROUTE.TENANT_ID, ctx.tenant().value())
                    .set(DOMAIN_ROUTE.STORE_ID, store).set(DOMAIN_ROUTE.PORTAL_ID, portal)
                    .set(DOMAIN_ROUTE.CREATED_AT, now).execute();
        }
    }

    /** The domains of each of the given stores (their own, not their portals'), in one query. */
    static Map<UUID, List<String>> ofStores(DSLContext tx, UUID tenant, Collection<UUID> stores) {
        Map<UUID, List<String>> out = new HashMap<>();
        if (stores.isEmpty()) {
            return out;
        }
        tx.select(DOMAIN_ROUTE.STORE_ID, DOMAIN_ROUTE.DOMAIN).from(DOMAIN_ROUTE)
                .where(DOMAIN_ROUTE.TENANT_ID.eq(tenant), DOMAIN_ROUTE.STORE_ID.in(stores), DOMAIN_ROUTE.PORTAL_ID.isNull())
                .orderBy(DOMAIN_ROUTE.DOMAIN)
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        return out;
    }

    /** The domains of each of the given portals, in one query. */
    static Map<UUID, List<String>> ofPortals(DSLContext tx, UUID tenant, Collection<UUID> portals) {
        Map<UUID, List<String>> out = new HashMap<>();
        if (portals.isEmpty()) {
            return out;
        }
        tx.select(DOMAIN_ROUTE.PORTAL_ID, DOMAIN_ROUTE.DOMAIN).from(DOMAIN_ROUTE)
                .where(DOMAIN_ROUTE.TENANT_ID.eq(tenant), DOMAIN_ROUTE.PORTAL_ID.in(portals))
                .orderBy(DOMAIN_ROUTE.DOMAIN)
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        return out;
    }

    static void releaseStore(DSLContext tx, TenantContext ctx, UUID store) {
        tx.deleteFrom(DOMAIN_ROUTE).where(DOMAIN_ROUTE.TENANT_ID.eq(ctx.tenant().value()),
                DOMAIN_ROUTE.STORE_ID.eq(store), DOMAIN_ROUTE.PORTAL_ID.isNull()).execute();
    }

    static void releasePortal(DSLContext tx, TenantContext ctx, UUID portal) {
        tx.deleteFrom(DOMAIN_ROUTE).where(DOMAIN_ROUTE.TENANT_ID.eq(ctx.tenant().value()),
                DOMAIN_ROUTE.PORTAL_ID.eq(portal)).execute();
    }
}
