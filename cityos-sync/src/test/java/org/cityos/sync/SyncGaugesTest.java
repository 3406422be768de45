package org.cityos.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityos.sync.internal.db.Tables.SYNC_FAILURE;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cityos.core.TenantContext;
import org.cityos.core.ops.Metric;
import org.cityos.core.ops.MetricsRecorder;
import org.cityos.core.ops.OperationsSnapshot;
import org.cityos.sync.engine.Binding;
import org.cityos.sync.engine.Integration;
import org.cityos.sync.engine.NewIntegration;
import org.cityos.sync.engine.SyncRole;
import org.cityos.sync.webhook.NewEndpoint;
import org.cityos.sync.webhook.WebhookEndpoint;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.DatabaseKind;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/**
 * The sync module's gauges over every tenant: webhook endpoints disabled and failing, deliveries
 * still being tried, integrations by health, open failures and overdue scheduled pulls; and the
 * counter of delivery attempts. Totals only, never a tenant's URL or data.
 */
class SyncGaugesTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    // nothing listens on port 1 of loopback: every attempt fails fast with "connection refused"
    private static final String DEAD_URL = "http://127.0.0.1:1/secret-hook-path";

    @BothDatabases
    void sync_gauges_total_every_tenant_and_name_none(TestDatabase db) {
        SyncFixtures f = new SyncFixtures(db.cityOs(clock));
        Sync sync = Sync.create(f.cityOs, SyncConfig.builder().allowPrivateNetworks(true)
                .retrySchedule(List.of(Duration.ofMinutes(5)), 0.0)
                .connectTimeout(Duration.ofMillis(500)).requestTimeout(Duration.ofMillis(500)).build());
        List<String> attempts = new CopyOnWriteArrayList<>();
        f.cityOs.operations().addRecorder(new MetricsRecorder() {
            @Override
            public void increment(Metric metric, Map<String, String> tags) {
                attempts.add(metric.name() + tags);
            }
        });
        TenantContext t1 = f.tenant("t1");
        TenantContext t2 = f.tenant("t2");
        sync.outbound().createEndpoint(t1, NewEndpoint.of(DEAD_URL, "order.placed"));
        WebhookEndpoint off = sync.outbound().createEndpoint(t2, NewEndpoint.of(DEAD_URL, "order.placed"));
        sync.outbound().disable(t2, off.id(), "by hand");

        f.publish(t1, "order.placed", "o-1", Map.of("customer", "secret-customer"));
        f.publish(t2, "order.placed", "o-2", Map.of());
        JobsTestSupport.runUntilIdle(f.cityOs); // t1's delivery fails once and waits 5 minutes; t2 has no enabled endpoint
        clock.advance(Duration.ofSeconds(30));

        Integration medusa = sync.engine().createIntegration(t1, NewIntegration.of("shop", "medusa", "http://127.0.0.1:1"));
        Binding b = sync.engine().bind(t1, medusa.id(), "product", SyncRole.SOURCE, Optional.of(Duration.ofMinutes(15)));
        Integration other = sync.engine().createIntegration(t2, NewIntegration.of("erp", "medusa", "http://127.0.0.1:1"));
        sync.engine().disable(t2, other.id()); // disabled integrations are not counted
        f.cityOs.db().tenant(t2, tx -> tx.insertInto(SYNC_FAILURE)
                .set(SYNC_FAILURE.TENANT_ID, t2.tenant().value()).set(SYNC_FAILURE.ID, UUID.randomUUID())
                .set(SYNC_FAILURE.INTEGRATION_ID, other.id().value()).set(SYNC_FAILURE.ENTITY_TYPE, "product")
                .set(SYNC_FAILURE.KIND, "READ").set(SYNC_FAILURE.MESSAGE, "secret-malformed-record")
                .set(SYNC_FAILURE.STATUS, "OPEN")
                .set(SYNC_FAILURE.OCCURRED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).execute());
        clock.advance(Duration.ofMinutes(20)); // no pull ran: 5 minutes past the 15-minute interval

        OperationsSnapshot s = f.cityOs.operations().snapshot();
        assertThat(s.failedSources()).isEmpty();
        assertThat(s.value("cityos.webhooks.endpoints.disabled", Map.of())).hasValue(1);
        assertThat(s.value("cityos.webhooks.endpoints.failing", Map.of())).hasValue(1);
        assertThat(s.value("cityos.webhooks.deliveries.pending", Map.of())).hasValue(1);
        assertThat(s.value("cityos.webhooks.deliveries.pending.oldest.age", Map.of())).hasValue(20 * 60 + 30);
        assertThat(s.value("cityos.sync.integrations", Map.of("health", "unknown"))).hasValue(1);
        assertThat(s.value("cityos.sync.integrations", Map.of("health", "failing"))).hasValue(0);
        assertThat(s.value("cityos.sync.failures.open", Map.of())).hasValue(1);
        assertThat(s.value("cityos.sync.pulls.overdue.age", Map.of())).hasValue(5 * 60);
        assertThat(s.measurements().toString()).doesNotContain(t1.tenant().toString(), t2.tenant().toString(),
                "secret", "127.0.0.1", b.entityType() + "=");
        assertThat(attempts).filteredOn(a -> a.startsWith("cityos.webhooks")).containsExactly("cityos.webhooks.attempts{outcome=retry}");

        if (db.kind() == DatabaseKind.POSTGRES) {
            // the function counted every tenant, and the caller's tenant scope is intact afterwards
            String scope = f.cityOs.db().tenant(t1, tx -> {
                tx.fetch("select * from cityos_ops_sync()");
                return tx.fetchOne("select current_setting('cityos.tenant_id', true)").get(0, String.class);
            });
            assertThat(scope).isEqualTo(t1.tenant().toString());
        }
    }
}
