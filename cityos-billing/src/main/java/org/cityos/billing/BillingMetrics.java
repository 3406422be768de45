package org.cityos.billing;

import org.cityos.core.ops.Metric;

/**
 * The billing module's gauges (platform-wide totals in {@code cityOs.operations().snapshot()}):
 * open invoices whose payment failed (in dunning) and open purchase-order invoices the overdue
 * sweep marked overdue, each with its oldest age.
 */
public final class BillingMetrics {
    /** Open invoices whose collection failed at least once (in dunning). */
    public static final Metric INVOICES_DUNNING = Metric.count("cityos.billing.invoices.dunning",
            "open invoices whose payment failed at least once and that dunning retries");
    /** How long ago the oldest invoice in dunning first failed. */
    public static final Metric INVOICES_DUNNING_OLDEST_AGE = Metric.seconds("cityos.billing.invoices.dunning.oldest.age",
            "how long ago the payment of the oldest invoice still in dunning first failed");
    /** Open purchase-order invoices the overdue sweep marked overdue. */
    public static final Metric INVOICES_OVERDUE = Metric.count("cityos.billing.invoices.overdue",
            "open purchase-order invoices past their due date (marked by the overdue sweep)");
    /** How long the oldest overdue invoice has been past its due date. */
    public static final Metric INVOICES_OVERDUE_OLDEST_AGE = Metric.seconds("cityos.billing.invoices.overdue.oldest.age",
            "how long the oldest overdue invoice has been past its due date");

    private BillingMetrics() {
    }
}
