package org.cityos.marketplace.payout;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.cityos.marketplace.PayoutId;
import org.cityos.marketplace.VendorId;

/**
 * One payout to a vendor: the amount, the run time it belongs to, what created it, its status, how
 * many times the provider was asked, and the provider's reference or failure reason.
 */
public record Payout(PayoutId id, VendorId vendor, long amount, String currency, PayoutStatus status,
                     OffsetDateTime runAt, String idempotencyKey, String provider, Optional<String> providerReference,
                     Optional<String> failureReason, PayoutOrigin origin, int attempts) {
}
