package org.cityos.billing.internal;

import static org.cityos.billing.internal.db.Tables.BILLING_INVOICE;

import java.time.OffsetDateTime;
import java.util.Map;

import org.cityos.billing.BillingMetrics;
import org.cityos.core.ops.GaugeScope;
import org.cityos.core.ops.GaugeSource;
import org.jooq.Record4;
import org.jooq.impl.DSL;

/**
 * The billing module's gauges (internal), over every tenant: on PostgreSQL through
 * {@code cityos_ops_billing()} (db/postgresql/billing/V3_1), which counts tenant by tenant under
 * row-level security and returns totals only; on H2 one aggregate over the open invoices.
 */
public final class BillingGauges implements GaugeSource {
    @Override
    public void measure(GaugeScope scope) {
        Record4<Long, OffsetDateTime, Long, OffsetDateTime> r = scope.read(tx -> scope.postgres()
                ? tx.select(DSL.field("dunning_count", Long.class), DSL.field("oldest_failed", OffsetDateTime.class),
                        DSL.field("overdue_count", Long.class), DSL.field("oldest_due", OffsetDateTime.class))
                        .from(DSL.table("cityos_ops_billing()")).fetchOne()
                : tx.select(DSL.count().filterWhere(BILLING_INVOICE.FIRST_FAILED_AT.isNotNull()).cast(Long.class),
                        DSL.min(BILLING_INVOICE.FIRST_FAILED_AT),
                        DSL.count().filterWhere(BILLING_INVOICE.OVERDUE_AT.isNotNull()).cast(Long.class),
                        DSL.min(BILLING_INVOICE.DUE_AT).filterWhere(BILLING_INVOICE.OVERDUE_AT.isNotNull()))
                        .from(BILLING_INVOICE).where(BILLING_INVOICE.STATUS.eq("open")).fetchOne());
        scope.gauge(BillingMetrics.INVOICES_DUNNING, Map.of(), r.value1());
        scope.age(BillingMetrics.INVOICES_DUNNING_OLDEST_AGE, Map.of(), r.value2());
        scope.gauge(BillingMetrics.INVOICES_OVERDUE, Map.of(), r.value3());
        scope.age(BillingMetrics.INVOICES_OVERDUE_OLDEST_AGE, Map.of(), r.value4());
    }
}
