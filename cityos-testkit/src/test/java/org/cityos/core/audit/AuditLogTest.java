package org.cityos.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.cityos.core.Fixtures;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.NewStore;
import org.cityos.core.tenancy.Store;
import org.cityos.core.tenancy.StoreChange;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** Every mutation leaves who, what, before and after; the log is queried by entity, actor and time. */
class AuditLogTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    @BothDatabases
    void mutations_are_audited_with_before_and_after(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        TenantContext alice = TenantContext.of(f.tenant("t1").id(), Principal.user("alice")).withRequestId("req-1");
        TenantContext bob = TenantContext.of(alice.tenant(), Principal.user("bob")).withRequestId("req-2\r\nforged: line");
        Store s = f.cityOs.tenancy().stores().create(alice, NewStore.of("shop", "Shop"));
        clock.advance(Duration.ofHours(1));
        f.cityOs.tenancy().stores().update(bob, s.id(), StoreChange.none().name("Renamed"));
        clock.advance(Duration.ofHours(1));
        f.cityOs.tenancy().stores().archive(alice, s.id());

        List<AuditEntry> trail = f.cityOs.audit().query(alice, AuditQuery.all().entity("store", s.id().toString()));
        assertThat(trail).extracting(AuditEntry::action).containsExactly("store.archived", "store.updated", "store.created");
        AuditEntry update = trail.get(1);
        assertThat(update.actor()).isEqualTo("user:bob");
        assertThat(update.before()).hasValueSatisfying(j -> assertThat(j).contains("\"name\":\"Shop\""));
        assertThat(update.after()).hasValueSatisfying(j -> assertThat(j).contains("\"name\":\"Renamed\""));
        assertThat(update.requestId()).hasValue("req-2\\r\\nforged: line");

        assertThat(f.cityOs.audit().query(alice, AuditQuery.all().actor("user:alice"))).extracting(AuditEntry::action)
                .containsExactly("store.archived", "store.created");
        Instant t0 = Instant.parse("2026-01-01T00:30:00Z");
        assertThat(f.cityOs.audit().query(alice, AuditQuery.all().between(t0, t0.plus(Duration.ofHours(1)))))
                .extracting(AuditEntry::action).containsExactly("store.updated");
        assertThat(f.cityOs.audit().queryPlatform(AuditQuery.all().entity("country", "SA")))
                .extracting(AuditEntry::action).containsExactly("country.created");
    }

    @BothDatabases
    void applied_all_writes_the_rows_applied_would_write_in_one_batch(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        TenantContext alice = TenantContext.of(f.tenant("t1").id(), Principal.user("alice")).withRequestId("req-9");
        TenantContext other = TenantContext.of(f.tenant("t2").id(), Principal.user("alice"));
        // more rows than one statement takes, and a partial statement at the end
        int n = 10 * org.cityos.core.internal.Db.ROWS_PER_INSERT + 8;
        List<AuditLog.Change> changes = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            changes.add(new AuditLog.Change("thing.moved", "thing", "thing-" + i, java.util.Map.of("at", i),
                    i % 2 == 0 ? null : java.util.Map.of("at", i + 1)));
        }
        f.cityOs.db().tenant(alice, tx -> {
            f.cityOs.audit().appliedAll(tx, alice, changes);
            f.cityOs.audit().appliedAll(tx, alice, List.of());
            return null;
        });

        List<AuditEntry> rows = f.cityOs.audit().query(alice, AuditQuery.all().entity("thing", null).limit(1000));
        assertThat(rows).hasSize(n).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("thing.moved");
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.APPLIED);
            assertThat(e.actor()).isEqualTo("user:alice");
            assertThat(e.requestId()).hasValue("req-9");
            assertThat(e.tenant()).hasValue(alice.tenant().value());
            assertThat(e.detail()).isEmpty();
        });
        // newest first: the ids follow the list's order
        AuditEntry last = rows.get(0);
        assertThat(last.entityId()).hasValue("thing-" + (n - 1));
        assertThat(last.before()).hasValueSatisfying(j -> assertThat(j).contains("\"at\":" + (n - 1)));
        assertThat(last.after()).hasValueSatisfying(j -> assertThat(j).contains("\"at\":" + n));
        assertThat(rows.get(n - 1).entityId()).hasValue("thing-0");
        assertThat(rows.get(n - 1).after()).isEmpty();
        assertThat(f.cityOs.audit().query(other, AuditQuery.all().entity("thing", null))).isEmpty();
    }
}
