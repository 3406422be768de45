package org.cityos.marketplace.rules;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;

/**
 * Refund recomputation for one line. Refunds are cumulative: after {@code r} of {@code quantity}
 * units are refunded, {@code refunded_basis = round_half_up(basis * r / quantity)}, and the
 * commission is recomputed on the remaining basis with the line's frozen terms; a fully refunded
 * line earns nothing (no flat fee either). The line's net is {@code remaining - commission}.
 */
public final class Refunds {
    private Refunds() {
    }

    /** A line's figures after refunds. */
    public record LineAfterRefunds(long refundedQuantity, long refundedBasis, long remainingBasis, long commission) {
        /** What the vendor (or the platform) keeps of the line: remaining basis less commission. */
        public long net() {
            return remainingBasis - commission;
        }
    }

    /**
     * The line's figures once {@code refundedQuantity} units in total are refunded.
     *
     * @param terms the line's frozen terms; empty for a platform line (no commission)
     * @throws CityOsException {@code invalid_amount} for a non-positive quantity or a negative basis
     *                         or refunded quantity, {@code over_refund} when more than the quantity is refunded
     */
    public static LineAfterRefunds recompute(long basis, long quantity, long refundedQuantity,
                                             Optional<CommissionTerms> terms) {
        Objects.requireNonNull(terms, "terms");
        if (quantity <= 0) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, "quantity " + quantity + " must be positive");
        }
        if (basis < 0) {
            throw Exact.negative("basis", basis);
        }
        if (refundedQuantity < 0) {
            throw Exact.negative("refunded quantity", refundedQuantity);
        }
        if (refundedQuantity > quantity) {
            throw new CityOsException(ErrorCode.OVER_REFUND, "refunding " + refundedQuantity
                    + " units in total exceeds the line's quantity " + quantity);
        }
        long refundedBasis = Rounding.roundHalfUp(
                BigInteger.valueOf(basis).multiply(BigInteger.valueOf(refundedQuantity)), BigInteger.valueOf(quantity));
        long remaining = basis - refundedBasis;
        long commission = refundedQuantity == quantity || terms.isEmpty() ? 0 : Commission.onLine(terms.get(), remaining);
        return new LineAfterRefunds(refundedQuantity, refundedBasis, remaining, commission);
    }
}
