package org.cityos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cityos.core.tenancy.NewStore;
import org.cityos.core.tenancy.Store;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** Building the entry point, its configuration errors, and transactions. */
class CityOsTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    @Test
    void building_without_a_data_source_fails_at_build_time() {
        assertThatThrownBy(() -> CityOs.builder().build())
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("no data source");
    }

    @BothDatabases
    void an_unmigrated_schema_is_a_configuration_error_when_migrations_are_off(TestDatabase db) {
        assertThatThrownBy(() -> CityOs.builder().dataSource(db.ownerDataSource()).clock(clock).migrateOnStart(false).build())
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("out of date").hasMessageContaining("V1 tenancy");
        // once migrated, the same configuration builds
        db.cityOs(clock);
        assertThat(CityOs.builder().dataSource(db.dataSource()).clock(clock).migrateOnStart(false).build()).isNotNull();
    }

    @BothDatabases
    void work_in_a_transaction_commits_together_or_not_at_all(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        TenantContext ctx = f.ctx(f.tenant("t1"));
        assertThatThrownBy(() -> f.cityOs.transaction(tx -> {
            tx.tenancy().stores().create(ctx, NewStore.of("one", "One", "one.example.com"));
            tx.tenancy().stores().create(ctx, NewStore.of("two", "Two"));
            throw new IllegalStateException("the host changed its mind");
        })).hasMessage("the host changed its mind");
        assertThat(f.cityOs.tenancy().stores().list(ctx, PageRequest.first(10)).items()).isEmpty();

        Store kept = f.cityOs.transaction(tx -> {
            tx.tenancy().stores().create(ctx, NewStore.of("one", "One", "one.example.com"));
            return tx.tenancy().stores().create(ctx, NewStore.of("two", "Two"));
        });
        assertThat(f.cityOs.tenancy().stores().list(ctx, PageRequest.first(10)).items()).hasSize(2).contains(kept);
    }

    @BothDatabases
    void a_host_jooq_transaction_is_joined(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        TenantContext ctx = f.ctx(f.tenant("t1"));
        DSLContext host = DSL.using(db.dataSource(),
                db.kind() == org.cityos.testkit.DatabaseKind.H2 ? org.jooq.SQLDialect.H2 : org.jooq.SQLDialect.POSTGRES);
        assertThatThrownBy(() -> host.transaction(cfg -> {
            f.cityOs.join(cfg.dsl()).tenancy().stores().create(ctx, NewStore.of("one", "One"));
            throw new IllegalStateException("host rollback");
        })).hasMessageContaining("host rollback");
        assertThat(f.cityOs.tenancy().stores().list(ctx, PageRequest.first(10)).items()).isEmpty();
        host.transaction(cfg -> f.cityOs.join(cfg.dsl()).tenancy().stores().create(ctx, NewStore.of("one", "One")));
        assertThat(f.cityOs.tenancy().stores().list(ctx, PageRequest.first(10)).items()).hasSize(1);
    }
}
