package org.cityos.core.tenancy;

import static org.cityos.core.internal.db.Tables.STORE;
import static org.cityos.core.internal.db.Tables.TENANT;

import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.StoreId;
import org.cityos.core.TenantContext;
import org.cityos.core.audit.AuditLog;
import org.cityos.core.internal.Db;
import org.cityos.core.internal.db.tables.records.StoreRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A tenant's stores (brands): create, read, update, archive and list, each scoped to the
 * context's tenant. Another tenant's store is {@code not_found}, never visible. Custom domains
 * are unique across the platform; archiving a store releases its domains.
 */
public final class Stores {
    private final Db db;
    private final AuditLog audit;
    private final Runnable onDomainsChanged;

    Stores(Db db, AuditLog audit, Runnable onDomainsChanged) {
        this.db = db;
        this.audit = audit;
        this.onDomainsChanged = onDomainsChanged;
    }

    public Store create(TenantContext ctx, NewStore s) {
        Validate.required("store", s);
        String handle = Validate.handle("store handle", s.handle());
        String name = Validate.name("store name", s.name());
        List<String> domains = normalise(s.domains());
        Store created = audit.auditRefusal(ctx, "store.created", "store", null, () -> db.tenant(ctx, tx -> {
            requireActiveTenant(tx, ctx);
            if (tx.fetchExists(STORE, STORE.TENANT_ID.eq(ctx.tenant().value()), STORE.HANDLE.eq(handle))) {
                throw CityOsException.conflict("store handle '" + handle + "' already exists in this tenant");
            }
            UUID id = Ids.next(db.clock());
            OffsetDateTime now = db.now();
            tx.insertInto(STORE).set(STORE.TENANT_ID, ctx.tenant().value()).set(STORE.ID, id)
                    .set(STORE.HANDLE, handle).set(STORE.NAME, name).set(STORE.STATUS, Status.ACTIVE.name())
                    .set(STORE.SALES_CHANNEL_ID, s.salesChannelId().orElse(null))
                    .set(STORE.REGION_ID, s.regionId().orElse(null))
                    .set(STORE.CREATED_AT, now).set(STORE.UPDATED_AT, now).execute();
            DomainRoutes.claim(tx, ctx, domains, id, null, now);
            Store out = new Store(new StoreId(id), ctx.tenant(), handle, name, Status.ACTIVE, domains,
                    s.salesChannelId(), s.regionId());
            audit.applied(tx, ctx, "store.created", "store", id, null, out);
            return out;
        }));
        if (!domains.isEmpty()) {
            onDomainsChanged.run();
        }
        return created;
    }

    public Optional<Store> get(TenantContext ctx, StoreId id) {
        return db.tenant(ctx, tx -> find(tx, ctx, id));
    }

    /** The store, or {@code not_found} naming the id (also for another tenant's store). */
    public Store require(TenantContext ctx, StoreId id) {
        return get(ctx, id).orElseThrow(() -> CityOsException.notFound("store", id));
    }

    public Optional<Store> byHandle(TenantContext ctx, String handle) {
        return db.tenant(ctx, tx -> tx.selectFrom(STORE)
                .where(STORE.TENANT_ID.eq(ctx.tenant().value()), STORE.HANDLE.eq(handle))
                .fetchOptional().map(r -> map(tx, r)));
    }

    public Page<Store> list(TenantContext ctx, PageRequest page) {
        return db.tenant(ctx, tx -> {
            UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
            List<StoreRecord> records = tx.selectFrom(STORE).where(STORE.TENANT_ID.eq(ctx.tenant().value()))
                    .and(after == null ? DSL.noCondition() : STORE.ID.gt(after))
                    .orderBy(STORE.ID).limit(page.limit() + 1).fetch();
            Map<UUID, List<String>> domains = DomainRoutes.ofStores(tx, ctx.tenant().value(),
                    records.stream().map(StoreRecord::getId).toList());
            List<Store> rows = records.stream().map(r -> map(r, domains.getOrDefault(r.getId(), List.of()))).toList();
            return Page.of(rows, page.limit(), x -> x.id().toString());
        });
    }

    public Store update(TenantContext ctx, StoreId id, StoreChange change) {
        Validate.required("change", change);
        Optional<String> name = change.name().map(n -> Validate.name("store name", n));
        Optional<List<String>> domains = change.domains().map(Stores::normalise);
        Store after = audit.auditRefusal(ctx, "store.updated", "store", id, () -> db.tenant(ctx, tx -> {
            Store before = lock(tx, ctx, id);
            if (before.status() == Status.ARCHIVED) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "store " + id + " is archived");
            }
            OffsetDateTime now = db.now();
            tx.update(STORE)
                    .set(STORE.NAME, name.orElse(before.name()))
                    .set(STORE.SALES_CHANNEL_ID, change.salesChannelId().or(before::salesChannelId).orElse(null))
                    .set(STORE.REGION_ID, change.regionId().or(before::regionId).orElse(null))
                    .set(STORE.UPDATED_AT, now)
                    .where(STORE.TENANT_ID.eq(ctx.tenant().value()), STORE.ID.eq(id.value())).execute();
            if (domains.isPresent()) {
                DomainRoutes.releaseStore(tx, ctx, id.value());
                DomainRoutes.claim(tx, ctx, domains.get(), id.value(), null, now);
            }
            Store out = find(tx, ctx, id).orElseThrow();
            audit.applied(tx, ctx, "store.updated", "store", id, before, out);
            return out;
        }));
        onDomainsChanged.run();
        return after;
    }

    public Store archive(TenantContext ctx, StoreId id) {
        Store after = audit.auditRefusal(ctx, "store.archived", "store", id, () -> db.tenant(ctx, tx -> {
            Store before = lock(tx, ctx, id);
            tx.update(STORE).set(STORE.STATUS, Status.ARCHIVED.name()).set(STORE.UPDATED_AT, db.now())
                    .where(STORE.TENANT_ID.eq(ctx.tenant().value()), STORE.ID.eq(id.value())).execute();
            DomainRoutes.releaseStore(tx, ctx, id.value());
            Store out = find(tx, ctx, id).orElseThrow();
            audit.applied(tx, ctx, "store.archived", "store", id, before, out);
            return out;
        }));
        onDomainsChanged.run();
        return after;
    }


    private Store lock(DSLContext tx, TenantContext ctx, StoreId id) {
        return tx.selectFrom(STORE).where(STORE.TENANT_ID.eq(ctx.tenant().value()), STORE.ID.eq(id.value()))
                .forUpdate().fetchOptional().map(r -> map(tx, r))
                .orElseThrow(() -> CityOsException.notFound("store", id));
    }

    private Optional<Store> find(DSLContext tx, TenantContext ctx, StoreId id) {
        return tx.selectFrom(STORE).where(STORE.TENANT_ID.eq(ctx.tenant().value()), STORE.ID.eq(id.value()))
                .fetchOptional().map(r -> map(tx, r));
    }

    private static Store map(DSLContext tx, StoreRecord r) {
        return map(r, DomainRoutes.ofStores(tx, r.getTenantId(), List.of(r.getId())).getOrDefault(r.getId(), List.of()));
    }

    private static Store map(StoreRecord r, List<String> domains) {
        return new Store(new StoreId(r.getId()), new org.cityos.core.TenantId(r.getTenantId()), r.getHandle(),
                r.getName(), Status.valueOf(r.getStatus()), domains, Optional.ofNullable(r.getSalesChannelId()),
                Optional.ofNullable(r.getRegionId()));
    }

    static List<String> normalise(List<String> domains) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String d : domains) {
            if (!out.add(Domains.domain(d))) {
                throw CityOsException.invalid("domain", d, "is listed twice");
            }
        }
        return List.copyOf(out);
    }

    static void requireActiveTenant(DSLContext tx, TenantContext ctx) {
        String status = tx.select(TENANT.STATUS).from(TENANT).where(TENANT.ID.eq(ctx.tenant().value()))
                .fetchOne(TENANT.STATUS);
        if (status == null) {
            throw new CityOsException(ErrorCode.UNKNOWN_TENANT, "unknown tenant: '" + ctx.tenant() + "'");
        }
        if (!TenantStatus.ACTIVE.name().equals(status)) {
            throw new CityOsException(ErrorCode.FORBIDDEN, "tenant " + ctx.tenant() + " is " + status.toLowerCase());
        }
    }

}
