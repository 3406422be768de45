package org.cityos.marketplace.payout;

import java.util.Objects;
import java.util.Optional;

/**
 * A provider's answer to a payout: {@code paid}, {@code failed} (the amount returns to the
 * vendor's available balance), or still {@code pending} (asked again on the next run with the
 * same idempotency key, or settled later through {@code Payouts.settle}).
 */
public record PayoutResult(PayoutStatus status, Optional<String> reference, Optional<String> failureReason) {
    public PayoutResult {
        Objects.requireNonNull(status, "status");
        reference = Objects.requireNonNullElse(reference, Optional.empty());
        failureReason = Objects.requireNonNullElse(failureReason, Optional.empty());
    }

    public static PayoutResult paid(String reference) {
        return new PayoutResult(PayoutStatus.PAID, Optional.ofNullable(reference), Optional.empty());
    }

    public static PayoutResult failed(String reason) {
        return new PayoutResult(PayoutStatus.FAILED, Optional.empty(), Optional.ofNullable(reason));
    }

    public static PayoutResult pending(String reference) {
        return new PayoutResult(PayoutStatus.PENDING, Optional.ofNullable(reference), Optional.empty());
    }
}
