package org.cityos.billing.rules;

import java.math.BigInteger;
import java.time.Instant;

import org.cityos.core.CityOsException;

/**
 * Proration to the second: for a change at {@code t} in a period {@code [s, e)}, an amount's
 * unused share is {@code round_half_up(amount * (e - t) / (e - s))}, computed exactly (no floating
 * point, no intermediate rounding). Instants are taken in whole seconds.
 */
public final class Proration {
    private static final BigInteger TWO = BigInteger.valueOf(2);

    private Proration() {
    }

    /** The share of {@code amount} for the rest of the period {@code [s, e)} from {@code t}. */
    public static long unused(long amount, Instant s, Instant e, Instant t) {
        if (amount < 0) {
            throw CityOsException.invalid("amount", amount, "must not be negative");
        }
        long start = s.getEpochSecond();
        long end = e.getEpochSecond();
        long at = t.getEpochSecond();
        if (end <= start) {
            throw CityOsException.invalid("period", s + "/" + e, "is empty");
        }
        if (at < start || at >= end) {
            throw CityOsException.invalid("time", t, "is outside the period " + s + "/" + e);
        }
        return roundHalfUp(BigInteger.valueOf(amount).multiply(BigInteger.valueOf(end - at)),
                BigInteger.valueOf(end - start));
    }

    /** {@code round_half_up(num / den)} for {@code num >= 0}, {@code den > 0}: the nearest whole, halves up. */
    public static long roundHalfUp(BigInteger num, BigInteger den) {
        if (num.signum() < 0 || den.signum() <= 0) {
            throw new IllegalArgumentException("round_half_up needs num >= 0 and den > 0: " + num + "/" + den);
        }
        return num.multiply(TWO).add(den).divide(den.multiply(TWO)).longValueExact();
    }
}
