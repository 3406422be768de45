package org.cityos.core.tenancy;

import static org.cityos.core.internal.db.Tables.PORTAL;
import static org.cityos.core.internal.db.Tables.STORE;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.PortalId;
import org.cityos.core.StoreId;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.audit.AuditLog;
import org.cityos.core.internal.Db;
import org.cityos.core.internal.db.tables.records.PortalRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A tenant's portals (storefront, vendor portal, admin) with their custom domains, scoped to the
 * context's tenant like {@link Stores}.
 */
public final class Portals {
    private final Db db;
    private final AuditLog audit;
    private final Runnable onDomainsChanged;

    Portals(Db db, AuditLog audit, Runnable onDomainsChanged) {
        this.db = db;
        this.audit = audit;
        this.onDomainsChanged = onDomainsChanged;
    }

    public Portal create(TenantContext ctx, NewPortal p) {
        Validate.required("portal", p);
        Validate.required("portal kind", p.kind());
        String handle = Validate.handle("portal handle", p.handle());
        String name = Validate.name("portal name", p.name());
        List<String> domains = Stores.normalise(p.domains());
        Portal created = audit.auditRefusal(ctx, "portal.created", "portal", null, () -> db.tenant(ctx, tx -> {
            Stores.requireActiveTenant(tx, ctx);
            if (p.store().isPresent() && !tx.fetchExists(STORE, STORE.TENANT_ID.eq(ctx.tenant().value()),
                    STORE.ID.eq(p.store().get().value()), STORE.STATUS.eq(Status.ACTIVE.name()))) {
                throw CityOsException.notFound("store", p.store().get());
            }
            if (tx.fetchExists(PORTAL, PORTAL.TENANT_ID.eq(ctx.tenant().value()), PORTAL.HANDLE.eq(handle))) {
                throw CityOsException.conflict("portal handle '" + handle + "' already exists in this tenant");
            }
            UUID id = Ids.next(db.clock());
            OffsetDateTime now = db.now();
            tx.insertInto(PORTAL).set(PORTAL.TENANT_ID, ctx.tenant().value()).set(PORTAL.ID, id)
                    .set(PORTAL.STORE_ID, p.store().map(StoreId::value).orElse(null)).set(PORTAL.KIND, p.kind().name())
                    .set(PORTAL.HANDLE, handle).set(PORTAL.NAME, name).set(PORTAL.STATUS, Status.ACTIVE.name())
                    .set(PORTAL.CREATED_AT, now).set(PORTAL.UPDATED_AT, now).execute();
            DomainRoutes.claim(tx, ctx, domains, p.store().map(StoreId::value).orElse(null), id, now);
            Portal out = new Portal(new PortalId(id), ctx.tenant(), p.store(), p.kind(), handle, name, Status.ACTIVE,
                    domains);
            audit.applied(tx, ctx, "portal.created", "portal", id, null, out);
            return out;
        }));
        if (!domains.isEmpty()) {
            onDomainsChanged.run();
        }
        return created;
    }

    public Optional<Portal> get(TenantContext ctx, PortalId id) {
        return db.tenant(ctx, tx -> find(tx, ctx, id));
    }

    public Portal require(TenantContext ctx, PortalId id) {
        return get(ctx, id).orElseThrow(() -> CityOsException.notFound("portal", id));
    }

    public Page<Portal> list(TenantContext ctx, PageRequest page) {
        return db.tenant(ctx, tx -> {
            UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
            List<PortalRecord> records = tx.selectFrom(PORTAL).where(PORTAL.TENANT_ID.eq(ctx.tenant().value()))
                    .and(after == null ? DSL.noCondition() : PORTAL.ID.gt(after))
                    .orderBy(PORTAL.ID).limit(page.limit() + 1).fetch();
            Map<UUID, List<String>> domains = DomainRoutes.ofPortals(tx, ctx.tenant().value(),
                    records.stream().map(PortalRecord::getId).toList());
            List<Portal> rows = records.stream().map(r -> map(r, domains.getOrDefault(r.getId(), List.of()))).toList();
            return Page.of(rows, page.limit(), x -> x.id().toString());
        });
    }

    public Portal rename(TenantContext ctx, PortalId id, String name) {
        String n = Validate.name("portal name", name);
        return audit.auditRefusal(ctx, "portal.updated", "portal", id, () -> db.tenant(ctx, tx -> {
            Portal before = find(tx, ctx, id).orElseThrow(() -> CityOsException.notFound("portal", id));
            tx.update(PORTAL).set(PORTAL.NAME, n).set(PORTAL.UPDATED_AT, db.now())
                    .where(PORTAL.TENANT_ID.eq(ctx.tenant().value()), PORTAL.ID.eq(id.value())).execute();
            Portal out = find(tx, ctx, id).orElseThrow();
            audit.applied(tx, ctx, "portal.updated", "portal", id, before, out);
            return out;
        }));
    }

    public Portal archive(TenantContext ctx, PortalId id) {
        Portal after = audit.auditRefusal(ctx, "portal.archived", "portal", id, () -> db.tenant(ctx, tx -> {
            Portal before = find(tx, ctx, id).orElseThrow(() -> CityOsException.notFound("portal", id));
            tx.update(PORTAL).set(PORTAL.STATUS, Status.ARCHIVED.name()).set(PORTAL.UPDATED_AT, db.now())
                    .where(PORTAL.TENANT_ID.eq(ctx.tenant().value()), PORTAL.ID.eq(id.value())).execute();
            DomainRoutes.releasePortal(tx, ctx, id.value());
            Portal out = find(tx, ctx, id).orElseThrow();
            audit.applied(tx, ctx, "portal.archived", "portal", id, before, out);
            return out;
        }));
        onDomainsChanged.run();
        return after;
    }


    private Optional<Portal> find(DSLContext tx, TenantContext ctx, PortalId id) {
        return tx.selectFrom(PORTAL).where(PORTAL.TENANT_ID.eq(ctx.tenant().value()), PORTAL.ID.eq(id.value()))
                .fetchOptional().map(r -> map(tx, r));
    }

    private static Portal map(DSLContext tx, PortalRecord r) {
        return map(r, DomainRoutes.ofPortals(tx, r.getTenantId(), List.of(r.getId())).getOrDefault(r.getId(), List.of()));
    }

    private static Portal map(PortalRecord r, List<String> domains) {
        return new Portal(new PortalId(r.getId()), new TenantId(r.getTenantId()),
                Optional.ofNullable(r.getStoreId()).map(StoreId::new), PortalKind.valueOf(r.getKind()), r.getHandle(),
                r.getName(), Status.valueOf(r.getStatus()), domains);
    }

}
