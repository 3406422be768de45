package org.cityos.billing.rules;

import java.util.OptionalLong;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Values;

/**
 * One tier of a tiered price: units up to and including {@code upTo} (empty for the last,
 * unbounded tier) cost {@code unitAmount} each, plus {@code flatAmount} once when the tier applies.
 * Amounts are minor units; a negative one raises {@code invalid_amount}.
 */
public record Tier(OptionalLong upTo, long unitAmount, long flatAmount) {
    public Tier {
        upTo = upTo == null ? OptionalLong.empty() : upTo;
        if (upTo.isPresent() && upTo.getAsLong() < 1) {
            throw CityOsException.invalid("tier up_to", upTo.getAsLong(), "must be at least 1");
        }
        if (unitAmount < 0) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, "tier unit amount " + Values.quote(unitAmount)
                    + " is negative");
        }
        if (flatAmount < 0) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, "tier flat amount " + Values.quote(flatAmount)
                    + " is negative");
        }
    }

    /** A bounded tier: units up to {@code upTo} at {@code unitAmount}, no flat fee. */
    public static Tier upTo(long upTo, long unitAmount) {
        return new Tier(OptionalLong.of(upTo), unitAmount, 0);
    }

    /** The last, unbounded tier at {@code unitAmount}, no flat fee. */
    public static Tier rest(long unitAmount) {
        return new Tier(OptionalLong.empty(), unitAmount, 0);
    }

    /** This tier with a flat fee. */
    public Tier withFlat(long flat) {
        return new Tier(upTo, unitAmount, flat);
    }
}
