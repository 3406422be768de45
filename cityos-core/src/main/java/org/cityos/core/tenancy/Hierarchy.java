package org.cityos.core.tenancy;

import static org.cityos.core.internal.db.Tables.CATEGORY;
import static org.cityos.core.internal.db.Tables.COUNTRY;
import static org.cityos.core.internal.db.Tables.SCOPE;
import static org.cityos.core.internal.db.Tables.SUBCATEGORY;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.audit.AuditLog;
import org.cityos.core.internal.Db;
import org.cityos.core.internal.db.tables.records.CategoryRecord;
import org.cityos.core.internal.db.tables.records.ScopeRecord;
import org.cityos.core.internal.db.tables.records.SubcategoryRecord;
import org.jooq.DSLContext;

/**
 * The platform-level hierarchy: countries (ISO 3166), scopes (cities and regions within a
 * country), categories and subcategories. These are platform data, shared by all tenants;
 * every change is audited in the platform audit log.
 */
public final class Hierarchy {
    private final Db db;
    private final AuditLog audit;

    Hierarchy(Db db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    // ---- countries ----

    /** Adds a country by its ISO code; {@code conflict} if it exists. */
    public Country createCountry(Principal actor, String code, String name) {
        String c = Validate.country(code);
        String n = Validate.name("country name", name);
        return db.platform(tx -> {
            if (tx.fetchExists(COUNTRY, COUNTRY.CODE.eq(c))) {
                throw CityOsException.conflict("country " + c + " already exists");
            }
            OffsetDateTime now = db.now();
            tx.insertInto(COUNTRY).set(COUNTRY.CODE, c).set(COUNTRY.NAME, n)
                    .set(COUNTRY.STATUS, Status.ACTIVE.name()).set(COUNTRY.CREATED_AT, now)
                    .set(COUNTRY.UPDATED_AT, now).execute();
            Country created = new Country(c, n, Status.ACTIVE);
            audit.platformApplied(tx, actor, "country.created", "country", c, null, created);
            return created;
        });
    }

    public Optional<Country> country(String code) {
        return db.platform(tx -> tx.selectFrom(COUNTRY).where(COUNTRY.CODE.eq(code))
                .fetchOptional(r -> new Country(r.getCode(), r.getName(), Status.valueOf(r.getStatus()))));
    }

    public Page<Country> countries(PageRequest page) {
        return db.platform(tx -> {
            List<Country> rows = tx.selectFrom(COUNTRY)
                    .where(page.after().map(COUNTRY.CODE::gt).orElse(org.jooq.impl.DSL.noCondition()))
                    .orderBy(COUNTRY.CODE).limit(page.limit() + 1)
                    .fetch(r -> new Country(r.getCode(), r.getName(), Status.valueOf(r.getStatus())));
            return Page.of(rows, page.limit(), Country::code);
        });
    }

    // ---- scopes ----

    /** Adds a scope (city or region) to a country; the handle is unique within the country. */
    public Scope createScope(Principal actor, String countryCode, String handle, String name, ScopeKind kind) {
        String c = Validate.country(countryCode);
        String h = Validate.handle("scope handle", handle);
        String n = Validate.name("scope name", name);
        Validate.required("scope kind", kind);
        return db.platform(tx -> {
            requireActiveCountry(tx, c);
            if (tx.fetchExists(SCOPE, SCOPE.COUNTRY_CODE.eq(c), SCOPE.HANDLE.eq(h))) {
                throw CityOsException.conflict("scope handle '" + h + "' already exists in " + c);
            }
            UUID id = Ids.next(db.clock());
            OffsetDateTime now = db.now();
            tx.insertInto(SCOPE).set(SCOPE.ID, id).set(SCOPE.COUNTRY_CODE, c).set(SCOPE.HANDLE, h)
                    .set(SCOPE.NAME, n).set(SCOPE.KIND, kind.name()).set(SCOPE.STATUS, Status.ACTIVE.name())
                    .set(SCOPE.CREATED_AT, now).set(SCOPE.UPDATED_AT, now).execute();
            Scope created = new Scope(new ScopeId(id), c, h, n, kind, Status.ACTIVE);
            audit.platformApplied(tx, actor, "scope.created", "scope", id, null, created);
            return created;
        });
    }

    public Optional<Scope> scope(ScopeId id) {
        return db.platform(tx -> tx.selectFrom(SCOPE).where(SCOPE.ID.eq(id.value())).fetchOptional(Hierarchy::scope));
    }

    public Optional<Scope> scope(String countryCode, String handle) {
        return db.platform(tx -> tx.selectFrom(SCOPE)
                .where(SCOPE.COUNTRY_CODE.eq(countryCode), SCOPE.HANDLE.eq(handle)).fetchOptional(Hierarchy::scope));
    }

    public Page<Scope> scopes(String countryCode, PageRequest page) {
        return db.platform(tx -> {
            UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
            List<Scope> rows = tx.selectFrom(SCOPE)
                    .where(SCOPE.COUNTRY_CODE.eq(countryCode))
                    .and(after == null ? org.jooq.impl.DSL.noCondition() : SCOPE.ID.gt(after))
                    .orderBy(SCOPE.ID).limit(page.limit() + 1).fetch(Hierarchy::scope);
            return Page.of(rows, page.limit(), s -> s.id().toString());
        });
    }

    public Scope renameScope(Principal actor, ScopeId id, String name) {
        String n = Validate.name("scope name", name);
        return db.platform(tx -> {
            Scope before = tx.selectFrom(SCOPE).where(SCOPE.ID.eq(id.value())).forUpdate()
                    .fetchOptional(Hierarchy::scope).orElseThrow(() -> CityOsException.notFound("scope", id));
            tx.update(SCOPE).set(SCOPE.NAME, n).set(SCOPE.UPDATED_AT, db.now()).where(SCOPE.ID.eq(id.value())).execute();
            Scope after = new Scope(before.id(), before.countryCode(), before.handle(), n, before.kind(), before.status());
            audit.platformApplied(tx, actor, "scope.updated", "scope", id, before, after);
            return after;
        });
    }

    public Scope archiveScope(Principal actor, ScopeId id) {
        return db.platform(tx -> {
            Scope before = tx.selectFrom(SCOPE).where(SCOPE.ID.eq(id.value())).forUpdate()
                    .fetchOptional(Hierarchy::scope).orElseThrow(() -> CityOsException.notFound("scope", id));
            tx.update(SCOPE).set(SCOPE.STATUS, Status.ARCHIVED.name()).set(SCOPE.UPDATED_AT, db.now())
                    .where(SCOPE.ID.eq(id.value())).execute();
            Scope after = new Scope(before.id(), before.countryCode(), before.handle(), before.name(), before.kind(),
                    Status.ARCHIVED);
            audit.platformApplied(tx, actor, "scope.archived", "scope", id, before, after);
            return after;
        });
    }

    // ---- categories ----

    public Category createCategory(Principal actor, String handle, String name) {
        String h = Validate.handle("category handle", handle);
        String n = Validate.name("category name", name);
        return db.platform(tx -> {
            if (tx.fetchExists(CATEGORY, CATEGORY.HANDLE.eq(h))) {
                throw CityOsException.conflict("category handle '" + h + "' already exists");
            }
            UUID id = Ids.next(db.clock());
            OffsetDateTime now = db.now();
            tx.insertInto(CATEGORY).set(CATEGORY.ID, id).set(CATEGORY.HANDLE, h).set(CATEGORY.NAME, n)
                    .set(CATEGORY.STATUS, Status.ACTIVE.name()).set(CATEGORY.CREATED_AT, now)
                    .set(CATEGORY.UPDATED_AT, now).execute();
            Category created = new Category(new CategoryId(id), h, n, Status.ACTIVE);
            audit.platformApplied(tx, actor, "category.created", "category", id, null, created);
            return created;
        });
    }

    public Optional<Category> category(CategoryId id) {
        return db.platform(tx -> tx.selectFrom(CATEGORY).where(CATEGORY.ID.eq(id.value()))
                .fetchOptional(Hierarchy::category));
    }

    public Optional<Category> category(String handle) {
        return db.platform(tx -> tx.selectFrom(CATEGORY).where(CATEGORY.HANDLE.eq(handle))
                .fetchOptional(Hierarchy::category));
    }

    public Page<Category> categories(PageRequest page) {
        return db.platform(tx -> {
            UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
            List<Category> rows = tx.selectFrom(CATEGORY)
                    .where(after == null ? org.jooq.impl.DSL.noCondition() : CATEGORY.ID.gt(after))
                    .orderBy(CATEGORY.ID).limit(page.limit() + 1).fetch(Hierarchy::category);
            return Page.of(rows, page.limit(), s -> s.id().toString());
        });
    }

    public Category archiveCategory(Principal actor, CategoryId id) {
        return db.platform(tx -> {
            Category before = tx.selectFrom(CATEGORY).where(CATEGORY.ID.eq(id.value())).forUpdate()
                    .fetchOptional(Hierarchy::category).orElseThrow(() -> CityOsException.notFound("category", id));
            tx.update(CATEGORY).set(CATEGORY.STATUS, Status.ARCHIVED.name()).set(CATEGORY.UPDATED_AT, db.now())
                    .where(CATEGORY.ID.eq(id.value())).execute();
            Category after = new Category(before.id(), before.handle(), before.name(), Status.ARCHIVED);
            audit.platformApplied(tx, actor, "category.archived", "category", id, before, after);
            return after;
        });
    }

    public Subcategory createSubcategory(Principal actor, CategoryId category, String handle, String name) {
        Validate.required("category", category);
        String h = Validate.handle("subcategory handle", handle);
        String n = Validate.name("subcategory name", name);
        return db.platform(tx -> {
            Category parent = tx.selectFrom(CATEGORY).where(CATEGORY.ID.eq(category.value()))
                    .fetchOptional(Hierarchy::category).orElseThrow(() -> CityOsException.notFound("category", category));
            if (parent.status() != Status.ACTIVE) {
                throw CityOsException.invalid("category", category, "is archived");
            }
            if (tx.fetchExists(SUBCATEGORY, SUBCATEGORY.CATEGORY_ID.eq(category.value()), SUBCATEGORY.HANDLE.eq(h))) {
                throw CityOsException.conflict("subcategory handle '" + h + "' already exists in " + parent.handle());
            }
            UUID id = Ids.next(db.clock());
            OffsetDateTime now = db.now();
            tx.insertInto(SUBCATEGORY).set(SUBCATEGORY.ID, id).set(SUBCATEGORY.CATEGORY_ID, category.value())
                    .set(SUBCATEGORY.HANDLE, h).set(SUBCATEGORY.NAME, n).set(SUBCATEGORY.STATUS, Status.ACTIVE.name())
                    .set(SUBCATEGORY.CREATED_AT, now).set(SUBCATEGORY.UPDATED_AT, now).execute();
            Subcategory created = new Subcategory(new SubcategoryId(id), category, h, n, Status.ACTIVE);
            audit.platformApplied(tx, actor, "subcategory.created", "subcategory", id, null, created);
            return created;
        });
    }

    public Optional<Subcategory> subcategory(SubcategoryId id) {
        return db.platform(tx -> tx.selectFrom(SUBCATEGORY).where(SUBCATEGORY.ID.eq(id.value()))
                .fetchOptional(Hierarchy::subcategory));
    }

    public Optional<Subcategory> subcategory(CategoryId category, String handle) {
        return db.platform(tx -> tx.selectFrom(SUBCATEGORY)
                .where(SUBCATEGORY.CATEGORY_ID.eq(category.value()), SUBCATEGORY.HANDLE.eq(handle))
                .fetchOptional(Hierarchy::subcategory));
    }

    public Page<Subcategory> subcategories(CategoryId category, PageRequest page) {
        return db.platform(tx -> {
            UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
            List<Subcategory> rows = tx.selectFrom(SUBCATEGORY).where(SUBCATEGORY.CATEGORY_ID.eq(category.value()))
                    .and(after == null ? org.jooq.impl.DSL.noCondition() : SUBCATEGORY.ID.gt(after))
                    .orderBy(SUBCATEGORY.ID).limit(page.limit() + 1).fetch(Hierarchy::subcategory);
            return Page.of(rows, page.limit(), s -> s.id().toString());
        });
    }

    // ---- helpers ----

    private void requireActiveCountry(DSLContext tx, String code) {
        String status = tx.select(COUNTRY.STATUS).from(COUNTRY).where(COUNTRY.CODE.eq(code)).fetchOne(COUNTRY.STATUS);
        if (status == null) {
            throw CityOsException.notFound("country", code);
        }
        if (!Status.ACTIVE.name().equals(status)) {
            throw CityOsException.invalid("country", code, "is archived");
        }
    }

    static Scope scope(ScopeRecord r) {
        return new Scope(new ScopeId(r.getId()), r.getCountryCode(), r.getHandle(), r.getName(),
                ScopeKind.valueOf(r.getKind()), Status.valueOf(r.getStatus()));
    }

    static Category category(CategoryRecord r) {
        return new Category(new CategoryId(r.getId()), r.getHandle(), r.getName(), Status.valueOf(r.getStatus()));
    }

    static Subcategory subcategory(SubcategoryRecord r) {
        return new Subcategory(new SubcategoryId(r.getId()), new CategoryId(r.getCategoryId()), r.getHandle(),
                r.getName(), Status.valueOf(r.getStatus()));
    }


}
