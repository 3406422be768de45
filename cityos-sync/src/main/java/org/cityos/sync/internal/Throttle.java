package org.cityos.sync.internal;

import java.time.Duration;

import org.cityos.sync.engine.ConnectorException;
import org.cityos.sync.engine.RateLimit;

/**
 * A token bucket (internal): one per integration and node, refilled at the rate limit's pace.
 * {@link #acquire} waits for a permit up to {@code maxWait}; beyond that it gives up with a
 * {@code RATE_LIMITED} connector exception whose retry-after is the time a permit needs, so the
 * job retries later instead of holding its connection.
 */
public final class Throttle {
    private final double perNano;
    private final double burst;
    private final Duration maxWait;
    private double tokens;
    private long last;

    public Throttle(RateLimit limit, Duration maxWait) {
        this.perNano = limit.perSecond() / 1e9;
        this.burst = limit.burst();
        this.maxWait = maxWait;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    /** The rate this bucket was made for, per second. */
    public double perSecond() {
        return perNano * 1e9;
    }

    public int burst() {
        return (int) burst;
    }

    public void acquire() {
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * perNano);
            last = now;
            tokens -= 1;
            if (tokens >= 0) {
                return;
            }
            waitNanos = (long) Math.ceil(-tokens / perNano);
            if (waitNanos > maxWait.toNanos()) {
                tokens += 1; // not taken
                throw ConnectorException.rateLimited("rate limit of " + perSecond() + "/s reached on this node",
                        Duration.ofNanos(waitNanos));
            }
        }
        try {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("interrupted while waiting for the rate limit", null, e);
        }
    }
}
