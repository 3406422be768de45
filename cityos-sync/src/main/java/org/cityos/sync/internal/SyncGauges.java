package org.cityos.sync.internal;

import static org.cityos.sync.internal.db.Tables.SYNC_BINDING;
import static org.cityos.sync.internal.db.Tables.SYNC_CURSOR;
import static org.cityos.sync.internal.db.Tables.SYNC_FAILURE;
import static org.cityos.sync.internal.db.Tables.SYNC_INTEGRATION;
import static org.cityos.sync.internal.db.Tables.WEBHOOK_DELIVERY;
import static org.cityos.sync.internal.db.Tables.WEBHOOK_ENDPOINT;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;

import org.cityos.core.ops.GaugeScope;
import org.cityos.core.ops.GaugeSource;
import org.cityos.sync.SyncMetrics;
import org.cityos.sync.engine.Health;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The sync module's gauges (internal), over every tenant: on PostgreSQL through
 * {@code cityos_ops_sync()} (db/postgresql/sync/V3_1), which counts tenant by tenant under
 * row-level security and returns totals only; on H2 a few aggregates over the tables.
 */
public final class SyncGauges implements GaugeSource {
    @Override
    public void measure(GaugeScope scope) {
        Totals t = scope.read(tx -> {
            if (scope.postgres()) {
                Record r = tx.fetchOne("select * from cityos_ops_sync()");
                return new Totals(r.get("endpoints_disabled", Long.class), r.get("endpoints_failing", Long.class),
                        r.get("deliveries_pending", Long.class), r.get("oldest_pending", OffsetDateTime.class),
                        Map.of(Health.UNKNOWN, r.get("integrations_unknown", Long.class),
                                Health.HEALTHY, r.get("integrations_healthy", Long.class),
                                Health.DEGRADED, r.get("integrations_degraded", Long.class),
                                Health.FAILING, r.get("integrations_failing", Long.class)),
                        r.get("failures_open", Long.class), r.get("next_pull_due", OffsetDateTime.class));
            }
            var ep = tx.select(DSL.count().filterWhere(WEBHOOK_ENDPOINT.ENABLED.isFalse()),
                            DSL.count().filterWhere(WEBHOOK_ENDPOINT.ENABLED.isTrue()
                                    .and(WEBHOOK_ENDPOINT.CONSECUTIVE_FAILURES.gt(0))))
                    .from(WEBHOOK_ENDPOINT).fetchOne();
            var del = tx.select(DSL.count(), DSL.min(WEBHOOK_DELIVERY.CREATED_AT)).from(WEBHOOK_DELIVERY)
                    .where(WEBHOOK_DELIVERY.STATUS.eq("pending")).fetchOne();
            Map<Health, Long> health = new java.util.EnumMap<>(Health.class);
            for (Health h : Health.values()) {
                health.put(h, 0L);
            }
            tx.select(SYNC_INTEGRATION.HEALTH, DSL.count()).from(SYNC_INTEGRATION)
                    .where(SYNC_INTEGRATION.ENABLED.isTrue()).groupBy(SYNC_INTEGRATION.HEALTH)
                    .forEach(r -> health.put(Health.valueOf(r.value1()), r.value2().longValue()));
            int open = tx.fetchCount(SYNC_FAILURE, SYNC_FAILURE.STATUS.eq("OPEN"));
            Field<OffsetDateTime> nextPull = DSL.field("DATEADD(SECOND, {0}, {1})", OffsetDateTime.class,
                    SYNC_BINDING.PULL_EVERY_SECONDS, DSL.coalesce(SYNC_CURSOR.PULLED_AT, SYNC_BINDING.CREATED_AT));
            OffsetDateTime due = tx.select(DSL.min(nextPull)).from(SYNC_BINDING)
                    .join(SYNC_INTEGRATION).on(SYNC_INTEGRATION.TENANT_ID.eq(SYNC_BINDING.TENANT_ID),
                            SYNC_INTEGRATION.ID.eq(SYNC_BINDING.INTEGRATION_ID))
                    .leftJoin(SYNC_CURSOR).on(SYNC_CURSOR.TENANT_ID.eq(SYNC_BINDING.TENANT_ID),
                            SYNC_CURSOR.INTEGRATION_ID.eq(SYNC_BINDING.INTEGRATION_ID),
                            SYNC_CURSOR.ENTITY_TYPE.eq(SYNC_BINDING.ENTITY_TYPE))
                    .where(SYNC_BINDING.PULL_EVERY_SECONDS.isNotNull(), SYNC_INTEGRATION.ENABLED.isTrue())
                    .fetchOne(0, OffsetDateTime.class);
            return new Totals(ep.value1(), ep.value2(), del.value1(), del.value2(), health, open, due);
        });
        scope.gauge(SyncMetrics.ENDPOINTS_DISABLED, Map.of(), t.endpointsDisabled());
        scope.gauge(SyncMetrics.ENDPOINTS_FAILING, Map.of(), t.endpointsFailing());
        scope.gauge(SyncMetrics.DELIVERIES_PENDING, Map.of(), t.deliveriesPending());
        scope.age(SyncMetrics.DELIVERIES_PENDING_OLDEST_AGE, Map.of(), t.oldestPending());
        for (Health h : Health.values()) {
            scope.gauge(SyncMetrics.INTEGRATIONS, Map.of("health", h.name().toLowerCase(Locale.ROOT)),
                    t.integrations().get(h));
        }
        scope.gauge(SyncMetrics.FAILURES_OPEN, Map.of(), t.failuresOpen());
        scope.age(SyncMetrics.PULLS_OVERDUE_AGE, Map.of(), t.nextPullDue());
    }

    /** What the module's tables add up to. */
    private record Totals(long endpointsDisabled, long endpointsFailing, long deliveriesPending,
                          OffsetDateTime oldestPending, Map<Health, Long> integrations, long failuresOpen,
                          OffsetDateTime nextPullDue) {
    }
}
