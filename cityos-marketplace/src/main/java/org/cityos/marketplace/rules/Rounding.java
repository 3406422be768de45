package org.cityos.marketplace.rules;

import java.math.BigInteger;

/**
 * The one rounding rule of the marketplace: {@code round_half_up} of a non-negative exact
 * rational to whole minor units, computed without intermediate rounding or overflow.
 */
public final class Rounding {
    private static final BigInteger TWO = BigInteger.TWO;

    private Rounding() {
    }

    /**
     * {@code round_half_up(numerator / denominator)} for {@code numerator >= 0} and {@code denominator > 0}.
     *
     * @throws IllegalArgumentException on a negative numerator or a non-positive denominator
     * @throws org.cityos.core.CityOsException {@code invalid_amount} when the result does not fit in a {@code long}
     */
    public static long roundHalfUp(BigInteger numerator, BigInteger denominator) {
        if (numerator.signum() < 0 || denominator.signum() <= 0) {
            throw new IllegalArgumentException("round_half_up needs a non-negative rational, got "
                    + numerator + "/" + denominator);
        }
        // floor((2n + d) / 2d) rounds halves up for non-negative n
        BigInteger r = numerator.multiply(TWO).add(denominator).divide(denominator.multiply(TWO));
        return Exact.toLong(r, "rounded amount");
    }

    /** {@code round_half_up(a * b / divisor)} for non-negative {@code a}, {@code b} and positive {@code divisor}. */
    public static long roundHalfUp(long a, long b, long divisor) {
        return roundHalfUp(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)), BigInteger.valueOf(divisor));
    }
}
