package org.cityos.sync.engine;

import org.cityos.core.CityOsException;

/**
 * How fast the sync may call a side: on average {@code perSecond} requests per second with bursts
 * of up to {@code burst}, per integration and node. Integration setting {@code rate_limit_per_second}
 * overrides a connector's default.
 */
public record RateLimit(double perSecond, int burst) {
    public RateLimit {
        if (!(perSecond > 0) || burst < 1) {
            throw CityOsException.invalid("rate limit", perSecond + "/s burst " + burst, "must be positive");
        }
    }

    /** No practical limit (local calls). */
    public static RateLimit unlimited() {
        return new RateLimit(1_000_000, 1_000_000);
    }

    public static RateLimit perSecond(double perSecond, int burst) {
        return new RateLimit(perSecond, burst);
    }
}
