package org.cityos.marketplace.rules;

import java.math.BigInteger;

/**
 * Commission on one line: {@code round_half_up(basis * rate_bps / 10000) + flat}, then raised to
 * {@code min} and lowered to {@code max} where set, then clamped to {@code [0, basis]}.
 * Platform lines earn no commission; the caller passes no terms for them.
 */
public final class Commission {
    private Commission() {
    }

    /**
     * The commission on a line of {@code basis} minor units under {@code terms}.
     *
     * @throws IllegalArgumentException for a negative basis (a caller's bug: bases are never negative)
     */
    public static long onLine(CommissionTerms terms, long basis) {
        if (basis < 0) {
            throw new IllegalArgumentException("basis " + basis + " is negative");
        }
        // BigInteger: rate * basis can exceed a long, and flat may be large; the clamp brings it back
        BigInteger c = BigInteger.valueOf(Rounding.roundHalfUp(basis, terms.rateBps(), 10_000))
                .add(BigInteger.valueOf(terms.flat()));
        if (terms.min().isPresent()) {
            c = c.max(BigInteger.valueOf(terms.min().getAsLong()));
        }
        if (terms.max().isPresent()) {
            c = c.min(BigInteger.valueOf(terms.max().getAsLong()));
        }
        c = c.max(BigInteger.ZERO).min(BigInteger.valueOf(basis));
        return c.longValue();
    }
}
