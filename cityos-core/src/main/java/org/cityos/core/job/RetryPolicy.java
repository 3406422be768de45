package org.cityos.core.job;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

import org.cityos.core.CityOsException;

/**
 * How long a failed job waits before its next attempt: exponential backoff with full jitter
 * (a uniformly random delay between zero and {@code min(cap, base * 2^(attempt-1))}), or a fixed
 * schedule of delays with a proportional jitter (the outbound webhook schedule).
 */
public final class RetryPolicy {
    /** 1 second doubling up to 1 hour, full jitter. */
    public static final RetryPolicy DEFAULT = exponential(Duration.ofSeconds(1), Duration.ofHours(1));

    private final Duration base;
    private final Duration cap;
    private final List<Duration> schedule;
    private final double jitter;

    private RetryPolicy(Duration base, Duration cap, List<Duration> schedule, double jitter) {
        this.base = base;
        this.cap = cap;
        this.schedule = schedule;
        this.jitter = jitter;
    }

    /** Exponential backoff with full jitter; {@code invalid_argument} unless 0 < base <= cap. */
    public static RetryPolicy exponential(Duration base, Duration cap) {
        if (base == null || base.isNegative() || base.isZero()) {
            throw CityOsException.invalid("retry base", base, "must be positive");
        }
        if (cap == null || cap.compareTo(base) < 0) {
            throw CityOsException.invalid("retry cap", cap, "must be at least the base " + base);
        }
        return new RetryPolicy(base, cap, null, 1.0);
    }

    /**
     * The delays after attempt 1, 2, ... (the last repeats), each moved at random by up to
     * {@code jitter} of itself (0..1) either way.
     */
    public static RetryPolicy schedule(List<Duration> delays, double jitter) {
        if (delays == null || delays.isEmpty() || delays.stream().anyMatch(d -> d == null || d.isNegative())) {
            throw CityOsException.invalid("retry schedule", delays, "must be a non-empty list of non-negative delays");
        }
        if (jitter < 0 || jitter > 1) {
            throw CityOsException.invalid("retry jitter", jitter, "must be between 0 and 1");
        }
        return new RetryPolicy(null, null, List.copyOf(delays), jitter);
    }

    /** The delay before the attempt after {@code failedAttempt} (1 for the first failure). */
    public Duration delay(int failedAttempt, RandomGenerator random) {
        int n = Math.max(1, failedAttempt);
        if (schedule != null) {
            Duration d = schedule.get(Math.min(n, schedule.size()) - 1);
            long ms = d.toMillis();
            long spread = (long) (ms * jitter);
            long moved = spread == 0 ? ms : ms - spread + random.nextLong(2 * spread + 1);
            return Duration.ofMillis(Math.max(0, moved));
        }
        long ceiling = base.toMillis();
        for (int i = 1; i < n && ceiling < cap.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, cap.toMillis());
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    @Override
    public String toString() {
        return schedule != null ? "RetryPolicy[schedule " + schedule + " jitter " + jitter + "]"
                : "RetryPolicy[exponential " + base + " cap " + cap + " full jitter]";
    }
}
