package org.cityos.core.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cityos.core.internal.db.Tables.PORTAL;
import static org.cityos.core.internal.db.Tables.STORE;

import java.util.List;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class TenantGuardTest {
    private final UUID tenant = UUID.randomUUID();
    private final DSLContext dsl = DSL.using(SQLDialect.H2);
    private final TenantGuard guard;

    TenantGuardTest() {
        TenantGuard.TenantTables tables = new TenantGuard.TenantTables();
        tables.add(List.of(STORE, PORTAL));
        guard = new TenantGuard(tables, tenant);
    }

    private void check(Query q) {
        guard.check(dsl, q, dsl.render(q));
    }

    @Test
    void a_join_pinned_through_its_on_clause_passes() {
        // jOOQ keeps a join's ON conditions in a proxy; the guard must see through it
        assertThatCode(() -> check(dsl.select(PORTAL.ID).from(PORTAL)
                .leftJoin(STORE).on(STORE.TENANT_ID.eq(PORTAL.TENANT_ID), STORE.ID.eq(PORTAL.STORE_ID))
                .where(PORTAL.TENANT_ID.eq(tenant)))).doesNotThrowAnyException();
        assertThatCode(() -> check(dsl.select(PORTAL.ID).from(PORTAL)
                .join(STORE).on(STORE.TENANT_ID.eq(PORTAL.TENANT_ID).and(STORE.ID.eq(PORTAL.STORE_ID)))
                .where(PORTAL.TENANT_ID.eq(tenant)))).doesNotThrowAnyException();
    }

    @Test
    void a_join_not_pinned_to_the_tenant_is_still_refused() {
        assertThatThrownBy(() -> check(dsl.select(PORTAL.ID).from(PORTAL)
                .leftJoin(STORE).on(STORE.ID.eq(PORTAL.STORE_ID))
                .where(PORTAL.TENANT_ID.eq(tenant)))).isInstanceOf(CityOsException.class)
                .hasMessageContaining("store");
        assertThatThrownBy(() -> check(dsl.select(PORTAL.ID).from(PORTAL)
                .leftJoin(STORE).on(STORE.TENANT_ID.eq(PORTAL.TENANT_ID).or(STORE.ID.eq(PORTAL.STORE_ID)))
                .where(PORTAL.TENANT_ID.eq(tenant)))).isInstanceOf(CityOsException.class);
        assertThatThrownBy(() -> check(dsl.select(PORTAL.ID).from(PORTAL)
                .leftJoin(STORE).on(STORE.TENANT_ID.eq(UUID.randomUUID()))
                .where(PORTAL.TENANT_ID.eq(tenant)))).isInstanceOf(CityOsException.class);
    }
}
