package org.cityos.marketplace.internal;

import static org.cityos.marketplace.internal.db.Tables.MKT_PAYOUT;

import java.time.OffsetDateTime;
import java.util.Map;

import org.cityos.core.ops.GaugeScope;
import org.cityos.core.ops.GaugeSource;
import org.cityos.marketplace.MarketplaceMetrics;
import org.cityos.marketplace.payout.PayoutStatus;
import org.jooq.Record3;
import org.jooq.impl.DSL;

/**
 * The marketplace's gauges (internal): payouts in flight over every tenant. On PostgreSQL through
 * {@code cityos_ops_mkt_payouts()} (db/postgresql/marketplace/V4_1), which counts tenant by tenant
 * under row-level security and returns totals only; on H2 one aggregate over {@code mkt_payout}.
 */
public final class MarketGauges implements GaugeSource {
    @Override
    public void measure(GaugeScope scope) {
        Record3<Long, Long, OffsetDateTime> r = scope.read(tx -> scope.postgres()
                ? tx.select(DSL.field("pending_count", Long.class), DSL.field("processing_count", Long.class),
                        DSL.field("oldest_created", OffsetDateTime.class))
                        .from(DSL.table("cityos_ops_mkt_payouts()")).fetchOne()
                : tx.select(DSL.count().filterWhere(MKT_PAYOUT.STATUS.eq(PayoutStatus.PENDING.name())).cast(Long.class),
                        DSL.count().filterWhere(MKT_PAYOUT.STATUS.eq(PayoutStatus.PROCESSING.name())).cast(Long.class),
                        DSL.min(MKT_PAYOUT.CREATED_AT))
                        .from(MKT_PAYOUT)
                        .where(MKT_PAYOUT.STATUS.in(PayoutStatus.PENDING.name(), PayoutStatus.PROCESSING.name()))
                        .fetchOne());
        scope.gauge(MarketplaceMetrics.PAYOUTS_IN_FLIGHT, Map.of("status", "pending"), r.value1());
        scope.gauge(MarketplaceMetrics.PAYOUTS_IN_FLIGHT, Map.of("status", "processing"), r.value2());
        scope.age(MarketplaceMetrics.PAYOUTS_IN_FLIGHT_OLDEST_AGE, Map.of(), r.value3());
    }
}
