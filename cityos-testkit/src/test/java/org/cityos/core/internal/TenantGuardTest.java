package org.cityos.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cityos.core.internal.db.Tables.AUDIT_LOG;
import static org.cityos.core.internal.db.Tables.PORTAL;
import static org.cityos.core.internal.db.Tables.STORE;

import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Fixtures;
import org.cityos.core.TenantContext;
import org.cityos.core.internal.db.tables.Store;
import org.cityos.core.tenancy.NewPortal;
import org.cityos.core.tenancy.NewStore;
import org.cityos.core.tenancy.PortalKind;
import org.cityos.core.tenancy.Tenant;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The client-side wall: statements on tenant tables must be pinned to the bound tenant. */
class TenantGuardTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    private record World(CityOs cityOs, TenantContext a, TenantContext b, UUID storeA, UUID storeB) {
        <T> T inA(Function<DSLContext, T> f) {
            return cityOs.db().tenant(a, f);
        }
    }

    private World world(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        Tenant ta = f.tenant("tenant-a");
        Tenant tb = f.tenant("tenant-b");
        TenantContext a = f.ctx(ta);
        TenantContext b = f.ctx(tb);
        UUID sa = f.cityOs.tenancy().stores().create(a, NewStore.of("shop", "A shop")).id().value();
        f.cityOs.tenancy().stores().create(a, NewStore.of("shop2", "A shop 2"));
        UUID sb = f.cityOs.tenancy().stores().create(b, NewStore.of("shop", "B shop")).id().value();
        f.cityOs.tenancy().portals().create(a, NewPortal.of(PortalKind.STOREFRONT, "front", "Front"));
        f.cityOs.tenancy().portals().create(b, NewPortal.of(PortalKind.STOREFRONT, "front", "Front"));
        return new World(f.cityOs, a, b, sa, sb);
    }

    private static void assertRefused(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TENANT_SCOPE_VIOLATION));
    }

    private static UUID id(TenantContext c) {
        return c.tenant().value();
    }

    @BothDatabases
    void a_select_without_a_tenant_predicate_is_refused(TestDatabase db) {
        World w = world(db);
        assertRefused(() -> w.inA(tx -> tx.selectFrom(STORE).fetch()));
        assertRefused(() -> w.inA(tx -> tx.selectFrom(STORE).where(STORE.HANDLE.eq("shop")).fetch()));
        // an OR does not pin anything
        assertRefused(() -> w.inA(tx -> tx.selectFrom(STORE)
                .where(STORE.TENANT_ID.eq(id(w.a())).or(STORE.HANDLE.eq("shop"))).fetch()));
        // pinned to the other tenant: refused, not just empty
        assertRefused(() -> w.inA(tx -> tx.selectFrom(STORE).where(STORE.TENANT_ID.eq(id(w.b()))).fetch()));
    }

    @BothDatabases
    void a_pinned_select_sees_only_the_callers_rows(TestDatabase db) {
        World w = world(db);
        assertThat((Object) w.inA(tx -> tx.fetchCount(STORE, STORE.TENANT_ID.eq(id(w.a()))))).isEqualTo(2);
        assertThat((Object) w.inA(tx -> tx.selectFrom(STORE).where(STORE.TENANT_ID.eq(id(w.a())), STORE.HANDLE.eq("shop"))
                .fetchOne(STORE.ID))).isEqualTo(w.storeA());
    }

    @BothDatabases
    void joins_must_pin_every_table(TestDatabase db) {
        World w = world(db);
        // joined on tenant_id and pinned once: fine
        assertThat((Object) w.inA(tx -> tx.select(STORE.HANDLE, PORTAL.HANDLE).from(STORE)
                .join(PORTAL).on(PORTAL.TENANT_ID.eq(STORE.TENANT_ID))
                .where(STORE.TENANT_ID.eq(id(w.a()))).fetch().size())).isEqualTo(2);
        // the portal side not pinned: refused
        assertRefused(() -> w.inA(tx -> tx.select(STORE.HANDLE).from(STORE)
                .join(PORTAL).on(PORTAL.HANDLE.eq(STORE.HANDLE))
                .where(STORE.TENANT_ID.eq(id(w.a()))).fetch()));
        // aliases are tracked per reference
        Store s1 = STORE.as("s1");
        Store s2 = STORE.as("s2");
        assertRefused(() -> w.inA(tx -> tx.select(s1.HANDLE).from(s1).crossJoin(s2)
                .where(s1.TENANT_ID.eq(id(w.a()))).fetch()));
        assertThat((Object) w.inA(tx -> tx.select(s1.HANDLE).from(s1).crossJoin(s2)
                .where(s1.TENANT_ID.eq(id(w.a())), s2.TENANT_ID.eq(id(w.a()))).fetch().size())).isEqualTo(4);
    }

    @BothDatabases
    void subqueries_ctes_unions_and_counts_are_checked(TestDatabase db) {
        World w = world(db);
        UUID a = id(w.a());
        // subquery without its own pin
        assertRefused(() -> w.inA(tx -> tx.selectFrom(PORTAL).where(PORTAL.TENANT_ID.eq(a))
                .and(DSL.exists(DSL.selectOne().from(STORE).where(STORE.HANDLE.eq("shop")))).fetch()));
        assertThat((Object) w.inA(tx -> tx.selectFrom(PORTAL).where(PORTAL.TENANT_ID.eq(a))
                .and(DSL.exists(DSL.selectOne().from(STORE).where(STORE.TENANT_ID.eq(a)))).fetch().size())).isEqualTo(1);
        // scalar subquery in the select list
        assertRefused(() -> w.inA(tx -> tx.select(DSL.field(DSL.selectCount().from(STORE))).fetch()));
        // union branch without a pin
        assertRefused(() -> w.inA(tx -> tx.select(STORE.HANDLE).from(STORE).where(STORE.TENANT_ID.eq(a))
                .union(DSL.select(PORTAL.HANDLE).from(PORTAL)).fetch()));
        assertThat((Object) w.inA(tx -> tx.select(STORE.HANDLE).from(STORE).where(STORE.TENANT_ID.eq(a))
                .union(DSL.select(PORTAL.HANDLE).from(PORTAL).where(PORTAL.TENANT_ID.eq(a))).fetch().size())).isEqualTo(3);
        // CTE without a pin
        var cte = DSL.name("s").as(DSL.select(STORE.HANDLE).from(STORE));
        assertRefused(() -> w.inA(tx -> tx.with(cte).selectFrom(cte).fetch()));
        var pinned = DSL.name("s").as(DSL.select(STORE.HANDLE).from(STORE).where(STORE.TENANT_ID.eq(a)));
        assertThat((Object) w.inA(tx -> tx.with(pinned).selectFrom(pinned).fetch().size())).isEqualTo(2);
        // derived table
        assertRefused(() -> w.inA(tx -> tx.selectCount().from(DSL.select(STORE.ID).from(STORE).asTable("d")).fetch()));
    }

    @BothDatabases
    void writes_cannot_move_or_plant_rows_in_another_tenant(TestDatabase db) {
        World w = world(db);
        UUID a = id(w.a());
        UUID b = id(w.b());
        assertRefused(() -> w.inA(tx -> tx.update(STORE).set(STORE.TENANT_ID, b)
                .where(STORE.TENANT_ID.eq(a), STORE.ID.eq(w.storeA())).execute()));
        assertRefused(() -> w.inA(tx -> tx.update(STORE).set(STORE.NAME, "x").where(STORE.ID.eq(w.storeB())).execute()));
        assertRefused(() -> w.inA(tx -> tx.deleteFrom(STORE).where(STORE.ID.eq(w.storeB())).execute()));
        OffsetDateTime now = OffsetDateTime.now(clock);
        assertRefused(() -> w.inA(tx -> tx.insertInto(STORE).set(STORE.TENANT_ID, b).set(STORE.ID, UUID.randomUUID())
                .set(STORE.HANDLE, "planted").set(STORE.NAME, "x").set(STORE.STATUS, "ACTIVE")
                .set(STORE.CREATED_AT, now).set(STORE.UPDATED_AT, now).execute()));
        assertRefused(() -> w.inA(tx -> tx.insertInto(STORE, STORE.ID, STORE.HANDLE).values(UUID.randomUUID(), "x").execute()));
        // and a correct write goes through
        assertThatCode(() -> w.inA(tx -> tx.update(STORE).set(STORE.NAME, "renamed")
                .where(STORE.TENANT_ID.eq(a), STORE.ID.eq(w.storeA())).execute())).doesNotThrowAnyException();
        // nothing of B changed
        assertThat(w.cityOs().tenancy().stores().require(w.b(), new org.cityos.core.StoreId(w.storeB())).name())
                .isEqualTo("B shop");
    }

    @BothDatabases
    void raw_sql_is_parsed_and_held_to_the_same_rule(TestDatabase db) {
        World w = world(db);
        assertRefused(() -> w.inA(tx -> tx.fetch("select * from store")));
        assertRefused(() -> w.inA(tx -> tx.fetch("select * from store where handle = ?", "shop")));
        assertRefused(() -> w.inA(tx -> tx.execute("delete from audit_log")));
        assertThat((Object) w.inA(tx -> tx.fetch("select handle from store where tenant_id = ?", id(w.a())).size())).isEqualTo(2);
    }

    @BothDatabases
    void platform_context_cannot_touch_tenant_tables(TestDatabase db) {
        World w = world(db);
        assertRefused(() -> w.cityOs().db().platform(tx -> tx.selectFrom(STORE).where(STORE.TENANT_ID.eq(id(w.a()))).fetch()));
        assertRefused(() -> w.cityOs().db().platform(tx -> tx.selectCount().from(AUDIT_LOG).fetch()));
    }
}
