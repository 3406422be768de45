package org.cityos.sync;

import org.cityos.core.ops.Metric;

/**
 * The sync module's metrics: gauges of outbound webhook endpoints and deliveries and of the sync
 * engine's integrations, failures and scheduled pulls (platform-wide totals in
 * {@code cityOs.operations().snapshot()}), and the counter of webhook delivery attempts.
 */
public final class SyncMetrics {
    /** Webhook endpoints disabled (410, too many failures, or by hand). */
    public static final Metric ENDPOINTS_DISABLED = Metric.count("cityos.webhooks.endpoints.disabled",
            "outbound webhook endpoints that are disabled (410 Gone, too many consecutive failures, or by hand)");
    /** Enabled webhook endpoints whose last attempt failed. */
    public static final Metric ENDPOINTS_FAILING = Metric.count("cityos.webhooks.endpoints.failing",
            "enabled outbound webhook endpoints whose latest attempts failed (consecutive failures > 0)");
    /** Webhook deliveries still being tried. */
    public static final Metric DELIVERIES_PENDING = Metric.count("cityos.webhooks.deliveries.pending",
            "outbound webhook deliveries not yet succeeded nor given up");
    /** How long ago the oldest webhook delivery still being tried was created. */
    public static final Metric DELIVERIES_PENDING_OLDEST_AGE = Metric.seconds("cityos.webhooks.deliveries.pending.oldest.age",
            "how long ago the oldest outbound webhook delivery still being tried was created");
    /** Enabled sync integrations by health. */
    public static final Metric INTEGRATIONS = Metric.count("cityos.sync.integrations",
            "enabled sync integrations by health (unknown, healthy, degraded, failing)");
    /** Records that could not be synced and are not resolved. */
    public static final Metric FAILURES_OPEN = Metric.count("cityos.sync.failures.open",
            "records the sync could not read or write, not yet resolved or retried");
    /** How far the most overdue scheduled pull is behind its schedule. */
    public static final Metric PULLS_OVERDUE_AGE = Metric.seconds("cityos.sync.pulls.overdue.age",
            "how long the most overdue scheduled pull is past its interval (last successful pull + pull interval)");
    /** Counter: webhook delivery attempts on this JVM, by outcome. */
    public static final Metric WEBHOOK_ATTEMPTS = Metric.count("cityos.webhooks.attempts",
            "outbound webhook delivery attempts on this JVM, by outcome (succeeded, retry, given_up, gone, not_sent)");

    private SyncMetrics() {
    }
}
