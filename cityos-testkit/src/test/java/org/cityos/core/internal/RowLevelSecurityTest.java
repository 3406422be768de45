package org.cityos.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cityos.core.internal.db.Tables.AUDIT_LOG;
import static org.cityos.core.internal.db.Tables.STORE;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.UUID;
import javax.sql.DataSource;

import org.cityos.core.CityOs;
import org.cityos.core.Fixtures;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.NewStore;
import org.cityos.testkit.DatabaseKind;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL only (H2 has no row-level security): with the jOOQ guard switched off, the policies
 * alone keep tenants apart for a non-owner application role.
 */
class RowLevelSecurityTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    private TestDatabase db;
    private TenantContext a;
    private TenantContext b;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create(DatabaseKind.POSTGRES);
        Fixtures f = new Fixtures(db.cityOs(clock));
        a = f.ctx(f.tenant("tenant-a"));
        b = f.ctx(f.tenant("tenant-b"));
        f.cityOs.tenancy().stores().create(a, NewStore.of("a1", "A1"));
        f.cityOs.tenancy().stores().create(a, NewStore.of("a2", "A2"));
        f.cityOs.tenancy().stores().create(b, NewStore.of("b1", "B1"));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private CityOs unguarded(DataSource ds) {
        return CityOs.builder().dataSource(ds).clock(clock).tenantGuard(false).migrateOnStart(false).build();
    }

    @Test
    void a_query_that_bypasses_the_guard_sees_only_the_bound_tenant() {
        CityOs raw = unguarded(db.dataSource());
        assertThat(raw.db().<java.util.List<Object>>tenant(a, tx -> new java.util.ArrayList<Object>(tx.fetch("select handle from store order by handle").getValues(0))))
                .containsExactly("a1", "a2");
        assertThat(raw.db().<java.util.List<String>>tenant(b, tx -> tx.selectFrom(STORE).fetch(STORE.HANDLE))).containsExactly("b1");
        assertThat(raw.db().<Integer>tenant(a, tx -> tx.fetchCount(STORE))).isEqualTo(2);
    }

    @Test
    void a_statement_outside_a_transaction_sees_no_rows() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from store")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void one_pooled_connection_never_carries_a_tenant_into_the_next_transaction() throws Exception {
        DataSource single = db.newAppPool(1);
        CityOs raw = unguarded(single);
        assertThat(raw.db().<Integer>tenant(a, tx -> tx.fetchCount(STORE))).isEqualTo(2);
        assertThat(raw.db().<Integer>tenant(b, tx -> tx.fetchCount(STORE))).isEqualTo(1);
        // A's transaction fails and rolls back; B on the same connection still sees only B
        assertThatThrownBy(() -> raw.db().tenant(a, tx -> {
            tx.fetchCount(STORE);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(raw.db().<java.util.List<String>>tenant(b, tx -> tx.selectFrom(STORE).fetch(STORE.HANDLE))).containsExactly("b1");
        // after the transactions, the very same connection outside any transaction sees nothing
        try (Connection c = single.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from store")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void the_policy_refuses_writing_a_row_for_another_tenant() {
        CityOs raw = unguarded(db.dataSource());
        OffsetDateTime now = OffsetDateTime.now(clock);
        assertThatThrownBy(() -> raw.db().tenant(a, tx -> tx.insertInto(STORE).set(STORE.TENANT_ID, b.tenant().value())
                .set(STORE.ID, UUID.randomUUID()).set(STORE.HANDLE, "planted").set(STORE.NAME, "x")
                .set(STORE.STATUS, "ACTIVE").set(STORE.CREATED_AT, now).set(STORE.UPDATED_AT, now).execute()))
                .hasMessageContaining("row-level security");
        assertThatThrownBy(() -> raw.db().tenant(a, tx -> tx.update(STORE).set(STORE.TENANT_ID, b.tenant().value()).execute()))
                .as("moving rows out of the tenant")
                .hasMessageContaining("row-level security");
        assertThat(raw.db().<Integer>tenant(b, tx -> tx.fetchCount(STORE))).isEqualTo(1);
    }

    @Test
    void audit_rows_cannot_be_changed_or_deleted() {
        CityOs raw = unguarded(db.dataSource());
        assertThat(raw.db().<Integer>tenant(a, tx -> tx.fetchCount(AUDIT_LOG))).isPositive();
        assertThatThrownBy(() -> raw.db().tenant(a, tx -> tx.update(AUDIT_LOG).set(AUDIT_LOG.ACTOR, "someone-else").execute()))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> raw.db().tenant(a, tx -> tx.deleteFrom(AUDIT_LOG).execute()))
                .hasMessageContaining("append-only");
    }
}
