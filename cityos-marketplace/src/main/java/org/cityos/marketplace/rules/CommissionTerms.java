package org.cityos.marketplace.rules;

import java.util.Objects;
import java.util.OptionalLong;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;

/**
 * What a commission rule charges: a rate in basis points, a flat fee per line, and an optional
 * minimum and maximum, all in minor units. Frozen on each order line when the order is placed.
 *
 * @throws CityOsException {@code invalid_rule} when the rate is outside 0..10000, an amount is
 *                         negative, or {@code min > max}
 */
public record CommissionTerms(int rateBps, long flat, OptionalLong min, OptionalLong max) {
    public CommissionTerms {
        min = Objects.requireNonNullElse(min, OptionalLong.empty());
        max = Objects.requireNonNullElse(max, OptionalLong.empty());
        if (rateBps < 0 || rateBps > 10_000) {
            throw invalid("rate_bps " + rateBps + " is outside 0..10000");
        }
        if (flat < 0) {
            throw invalid("flat " + flat + " is negative");
        }
        if (min.isPresent() && min.getAsLong() < 0) {
            throw invalid("min " + min.getAsLong() + " is negative");
        }
        if (max.isPresent() && max.getAsLong() < 0) {
            throw invalid("max " + max.getAsLong() + " is negative");
        }
        if (min.isPresent() && max.isPresent() && min.getAsLong() > max.getAsLong()) {
            throw invalid("min " + min.getAsLong() + " is greater than max " + max.getAsLong());
        }
    }

    /** A plain rate with no flat fee, minimum or maximum (the tenant default's shape). */
    public static CommissionTerms rate(int rateBps) {
        return new CommissionTerms(rateBps, 0, OptionalLong.empty(), OptionalLong.empty());
    }

    /** These terms with a flat fee per line. */
    public CommissionTerms withFlat(long amount) {
        return new CommissionTerms(rateBps, amount, min, max);
    }

    /** These terms with a minimum commission per line. */
    public CommissionTerms withMin(long amount) {
        return new CommissionTerms(rateBps, flat, OptionalLong.of(amount), max);
    }

    /** These terms with a maximum commission per line. */
    public CommissionTerms withMax(long amount) {
        return new CommissionTerms(rateBps, flat, min, OptionalLong.of(amount));
    }

    private static CityOsException invalid(String why) {
        return new CityOsException(ErrorCode.INVALID_RULE, "invalid commission rule: " + why);
    }
}
