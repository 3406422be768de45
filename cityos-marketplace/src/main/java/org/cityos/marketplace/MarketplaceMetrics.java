package org.cityos.marketplace;

import org.cityos.core.ops.Metric;

/**
 * The marketplace's metrics: gauges of payouts in flight (in {@code cityOs.operations().snapshot()},
 * platform-wide totals) and the counter of settled payouts. docs/operations.md says what to alarm on.
 */
public final class MarketplaceMetrics {
    /** Payouts committed and not yet answered for good, by status ({@code pending}, {@code processing}). */
    public static final Metric PAYOUTS_IN_FLIGHT = Metric.count("cityos.payouts.inflight",
            "payouts not yet paid or failed, by status (pending: provider not asked yet; processing: asked, no final answer)");
    /** How long ago the oldest payout still in flight was created. */
    public static final Metric PAYOUTS_IN_FLIGHT_OLDEST_AGE = Metric.seconds("cityos.payouts.inflight.oldest.age",
            "how long ago the oldest payout still in flight was created");
    /** Counter: payouts settled on this JVM, by status ({@code paid}, {@code failed}). */
    public static final Metric PAYOUTS_SETTLED = Metric.count("cityos.payouts.settled",
            "payouts settled on this JVM, by status (paid, failed)");

    private MarketplaceMetrics() {
    }
}
