package org.cityos.core.tenancy;

import static org.cityos.core.internal.db.Tables.CATEGORY;
import static org.cityos.core.internal.db.Tables.SCOPE;
import static org.cityos.core.internal.db.Tables.SUBCATEGORY;
import static org.cityos.core.internal.db.Tables.TENANT;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.Json;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.audit.AuditLog;
import org.cityos.core.internal.Db;
import org.cityos.core.internal.db.tables.records.TenantRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Creates and manages tenants (a platform operation: the platform admits tenants); each
 * change is audited in the tenant's own audit log. Listeners registered with
 * {@link #onChange} hear about every change (resolution caches use it to invalidate).
 */
public final class Tenants {
    private final Db db;
    private final AuditLog audit;
    private final List<Consumer<TenantId>> listeners;

    Tenants(Db db, AuditLog audit, List<Consumer<TenantId>> listeners) {
        this.db = db;
        this.audit = audit;
        this.listeners = listeners;
    }

    /** Creates a tenant in an active scope and category; {@code conflict} on a taken handle. */
    public Tenant create(Principal actor, NewTenant t) {
        Validate.required("tenant", t);
        String handle = Validate.handle("tenant handle", t.handle());
        String name = Validate.name("tenant name", t.name());
        Validate.required("scope", t.scope());
        Validate.required("category", t.category());
        String currency = Validate.currency(t.currency());
        String locale = Validate.locale(t.locale());
        String zone = Validate.timeZone(t.timeZone());
        Map<String, String> settings = settings(t.settings());
        UUID id = Ids.next(db.clock());
        TenantContext ctx = TenantContext.of(new TenantId(id), actor);
        Tenant tenant = db.tenant(ctx, tx -> {
            requireActive(tx, "scope", t.scope().value(),
                    tx.select(SCOPE.STATUS).from(SCOPE).where(SCOPE.ID.eq(t.scope().value())).fetchOne(SCOPE.STATUS));
            requireActive(tx, "category", t.category().value(),
                    tx.select(CATEGORY.STATUS).from(CATEGORY).where(CATEGORY.ID.eq(t.category().value()))
                            .fetchOne(CATEGORY.STATUS));
            if (t.subcategory().isPresent()) {
                UUID sub = t.subcategory().get().value();
                var row = tx.select(SUBCATEGORY.STATUS, SUBCATEGORY.CATEGORY_ID).from(SUBCATEGORY)
                        .where(SUBCATEGORY.ID.eq(sub)).fetchOne();
                requireActive(tx, "subcategory", sub, row == null ? null : row.value1());
                if (!row.value2().equals(t.category().value())) {
                    throw CityOsException.invalid("subcategory", sub, "does not belong to category " + t.category());
                }
            }
            if (tx.fetchExists(TENANT, TENANT.HANDLE.eq(handle))) {
                throw CityOsException.conflict("tenant handle '" + handle + "' already exists");
            }
            OffsetDateTime now = db.now();
            tx.insertInto(TENANT).set(TENANT.ID, id).set(TENANT.HANDLE, handle).set(TENANT.NAME, name)
                    .set(TENANT.SCOPE_ID, t.scope().value()).set(TENANT.CATEGORY_ID, t.category().value())
                    .set(TENANT.SUBCATEGORY_ID, t.subcategory().map(SubcategoryId::value).orElse(null))
                    .set(TENANT.STATUS, TenantStatus.ACTIVE.name()).set(TENANT.DEFAULT_CURRENCY, currency)
                    .set(TENANT.LOCALE, locale).set(TENANT.TIME_ZONE, zone).set(TENANT.SETTINGS, Json.write(settings))
                    .set(TENANT.CREATED_AT, now).set(TENANT.UPDATED_AT, now).execute();
            Tenant created = new Tenant(ctx.tenant(), handle, name, t.scope(), t.category(), t.subcategory(),
                    TenantStatus.ACTIVE, currency, locale, zone, settings);
            audit.applied(tx, ctx, "tenant.created", "tenant", id, null, created);
            return created;
        });
        // a cache may remember that this handle named no tenant
        changed(tenant.id());
        return tenant;
    }

    public Optional<Tenant> get(TenantId id) {
        return db.platform(tx -> tx.selectFrom(TENANT).where(TENANT.ID.eq(id.value())).fetchOptional(Tenants::map));
    }

    /** The tenant, or {@code unknown_tenant} naming the id. */
    public Tenant require(TenantId id) {
        return get(id).orElseThrow(() -> new CityOsException(ErrorCode.UNKNOWN_TENANT, "unknown tenant: '" + id + "'"));
    }

    public Optional<Tenant> byHandle(String handle) {
        return db.platform(tx -> tx.selectFrom(TENANT).where(TENANT.HANDLE.eq(handle)).fetchOptional(Tenants::map));
    }

    public Page<Tenant> list(PageRequest page) {
        return db.platform(tx -> {
            UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
            List<Tenant> rows = tx.selectFrom(TENANT).where(after == null ? DSL.noCondition() : TENANT.ID.gt(after))
                    .orderBy(TENANT.ID).limit(page.limit() + 1).fetch(Tenants::map);
            return Page.of(rows, page.limit(), x -> x.id().toString());
        });
    }

    /** Replaces the tenant's settings as a whole. */
    public Tenant updateSettings(TenantContext ctx, Map<String, String> values) {
        Map<String, String> settings = settings(values);
        Tenant after = change(ctx, "tenant.settings_updated", before -> {
            return new Tenant(before.id(), before.handle(), before.name(), before.scope(), before.category(),
                    before.subcategory(), before.status(), before.currency(), before.locale(), before.timeZone(),
                    settings);
        });
        return after;
    }

    /** Moves the tenant to {@code status}; archived is final. */
    public Tenant setStatus(TenantContext ctx, TenantStatus status) {
        Validate.required("status", status);
        return change(ctx, "tenant.status_changed", before -> {
            if (before.status() == TenantStatus.ARCHIVED) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION,
                        "tenant " + before.handle() + " is archived and cannot become " + status);
            }
            return new Tenant(before.id(), before.handle(), before.name(), before.scope(), before.category(),
                    before.subcategory(), status, before.currency(), before.locale(), before.timeZone(),
                    before.settings());
        });
    }

    /**
     * Registers a listener told of every change to a tenant, creation included, once the change
     * is committed (for cache invalidation). When the host runs its own transactions through
     * {@code CityOs.builder().dsl(...)}, the library cannot see its commit: listeners hear of the
     * change when the service call returns.
     */
    public void onChange(Consumer<TenantId> listener) {
        listeners.add(listener);
    }

    private Tenant change(TenantContext ctx, String action, java.util.function.UnaryOperator<Tenant> f) {
        Tenant after = db.tenant(ctx, tx -> {
            Tenant before = tx.selectFrom(TENANT).where(TENANT.ID.eq(ctx.tenant().value())).forUpdate()
                    .fetchOptional(Tenants::map)
                    .orElseThrow(() -> new CityOsException(ErrorCode.UNKNOWN_TENANT, "unknown tenant: '" + ctx.tenant() + "'"));
            Tenant next = f.apply(before);
            tx.update(TENANT).set(TENANT.STATUS, next.status().name()).set(TENANT.SETTINGS, Json.write(next.settings()))
                    .set(TENANT.UPDATED_AT, db.now()).where(TENANT.ID.eq(ctx.tenant().value())).execute();
            audit.applied(tx, ctx, action, "tenant", ctx.tenant(), before, next);
            return next;
        });
        changed(ctx.tenant());
        return after;
    }

    private void changed(TenantId id) {
        listeners.forEach(l -> db.afterCommit(() -> l.accept(id)));
    }

    private static Map<String, String> settings(Map<String, String> values) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> {
                if (k == null || !k.matches("[a-z][a-z0-9_.]{0,62}")) {
                    throw CityOsException.invalid("setting name", k, "must be lower-case letters, digits, '_' or '.'");
                }
                if (v == null || v.length() > 2000) {
                    throw CityOsException.invalid("setting " + k, v, "must be a string of at most 2000 characters");
                }
                copy.put(k, v);
            });
        }
        return copy;
    }

    private static void requireActive(DSLContext tx, String what, UUID id, String status) {
        if (status == null) {
            throw CityOsException.notFound(what, id);
        }
        if (!Status.ACTIVE.name().equals(status)) {
            throw CityOsException.invalid(what, id, "is archived");
        }
    }

    static Tenant map(TenantRecord r) {
        Map<String, String> settings;
        try {
            settings = Json.MAPPER.readValue(r.getSettings(), new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tenant " + r.getId() + " has unreadable settings", e);
        }
        return new Tenant(new TenantId(r.getId()), r.getHandle(), r.getName(), new ScopeId(r.getScopeId()),
                new CategoryId(r.getCategoryId()), Optional.ofNullable(r.getSubcategoryId()).map(SubcategoryId::new),
                TenantStatus.valueOf(r.getStatus()), r.getDefaultCurrency(), r.getLocale(), r.getTimeZone(), settings);
    }

}
