package org.cityos.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cityos.core.internal.db.Tables.STORE;

import java.util.UUID;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Fixtures;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.NewStore;
import org.cityos.core.tenancy.Store;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.jooq.impl.DSL;

class BatchGuardTest {
    @BothDatabases
    void a_bind_batch_passes_only_when_an_inline_literal_pins_the_bound_tenant(TestDatabase db) {
        CityOs cityOs = db.cityOs(TestClock.at("2026-01-01T00:00:00Z"));
        Fixtures f = new Fixtures(cityOs);
        TenantContext a = f.ctx(f.tenant("a"));
        TenantContext b = f.ctx(f.tenant("b"));
        Store s1 = cityOs.tenancy().stores().create(a, NewStore.of("one", "One"));
        Store s2 = cityOs.tenancy().stores().create(a, NewStore.of("two", "Two"));
        UUID ta = a.tenant().value();

        int[] counts = cityOs.db().tenant(a, tx -> tx.batch(tx.update(STORE).set(STORE.NAME, DSL.val("", STORE.NAME))
                        .where(STORE.TENANT_ID.eq(DSL.inline(ta, STORE.TENANT_ID)))
                        .and(STORE.ID.eq(DSL.val(new UUID(0, 0), STORE.ID))))
                .bind("Uno", s1.id().value()).bind("Dos", s2.id().value()).execute());
        assertThat(counts).containsExactly(1, 1);
        assertThat(cityOs.tenancy().stores().require(a, s2.id()).name()).isEqualTo("Dos");

        // a bound tenant value could be replaced by any bind set: refused
        assertThatThrownBy(() -> cityOs.db().tenant(a, tx -> tx.batch(tx.update(STORE)
                        .set(STORE.NAME, DSL.val("", STORE.NAME)).where(STORE.TENANT_ID.eq(ta))
                        .and(STORE.ID.eq(DSL.val(new UUID(0, 0), STORE.ID))))
                .bind("x", ta, s1.id().value()).execute()))
                .isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TENANT_SCOPE_VIOLATION));
        // and an inline literal of another tenant is refused as ever
        assertThatThrownBy(() -> cityOs.db().tenant(b, tx -> tx.batch(tx.update(STORE)
                        .set(STORE.NAME, DSL.val("", STORE.NAME)).where(STORE.TENANT_ID.eq(DSL.inline(ta, STORE.TENANT_ID)))
                        .and(STORE.ID.eq(DSL.val(new UUID(0, 0), STORE.ID))))
                .bind("x", s1.id().value()).execute()))
                .isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TENANT_SCOPE_VIOLATION));
        assertThat(cityOs.tenancy().stores().require(a, s1.id()).name()).isEqualTo("Uno");
    }
}
