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

    @BothDatabases
    void insert_all_writes_every_row_in_batches_of_multi_row_inserts_for_the_bound_tenant_only(TestDatabase db) {
        CityOs cityOs = db.cityOs(TestClock.at("2026-01-01T00:00:00Z"));
        Fixtures f = new Fixtures(cityOs);
        TenantContext a = f.ctx(f.tenant("a"));
        TenantContext b = f.ctx(f.tenant("b"));
        UUID ta = a.tenant().value();
        java.time.OffsetDateTime at = java.time.OffsetDateTime.parse("2026-01-01T00:00:00Z");
        // two full statements of ROWS_PER_INSERT rows and a shorter one
        int n = 2 * Db.ROWS_PER_INSERT + 3;
        java.util.List<org.cityos.core.internal.db.tables.records.OutboxEventRecord> rows = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new org.cityos.core.internal.db.tables.records.OutboxEventRecord(ta, org.cityos.core.Ids.next(
                    java.time.Clock.systemUTC()), "thing.made", "thing", "t" + i, "{}", at, "user:x", i % 2 == 0 ? null : "r" + i));
        }
        cityOs.db().tenant(a, tx -> {
            Db.insertAll(tx, org.cityos.core.internal.db.Tables.OUTBOX_EVENT, ta, rows);
            Db.insertAll(tx, org.cityos.core.internal.db.Tables.OUTBOX_EVENT, ta, java.util.List.of());
            return null;
        });
        var written = cityOs.events().list(a, java.util.Optional.empty(), org.cityos.core.PageRequest.first(200)).items();
        assertThat(written).extracting(org.cityos.core.event.Event::aggregateId)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, n).mapToObj(i -> "t" + i).toList());
        assertThat(written.get(0).requestId()).isEmpty();
        assertThat(written.get(1).requestId()).hasValue("r1");
        assertThat(cityOs.events().list(b, java.util.Optional.empty(), org.cityos.core.PageRequest.first(10)).items()).isEmpty();

        // the literal is the tenant given: bound to another tenant, the guard refuses the batch
        assertThatThrownBy(() -> cityOs.db().tenant(b, tx -> {
            Db.insertAll(tx, org.cityos.core.internal.db.Tables.OUTBOX_EVENT, ta, rows.subList(0, 1));
            return null;
        })).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TENANT_SCOPE_VIOLATION));
        // and a row of another tenant than the one given is refused before anything is sent
        var stray = rows.get(0).copy();
        stray.setTenantId(b.tenant().value());
        assertThatThrownBy(() -> cityOs.db().tenant(a, tx -> {
            Db.insertAll(tx, org.cityos.core.internal.db.Tables.OUTBOX_EVENT, ta, java.util.List.of(stray));
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another tenant");
        assertThat(cityOs.events().list(b, java.util.Optional.empty(), org.cityos.core.PageRequest.first(10)).items()).isEmpty();
    }
}
