package org.cityos.marketplace.payout;

import java.util.Optional;
import java.util.UUID;

import org.cityos.marketplace.PayoutId;
import org.cityos.marketplace.VendorId;

/** Money taken back from a paid payout (e.g. a Stripe transfer reversal), with the provider's reference. */
public record PayoutReversal(UUID id, PayoutId payout, VendorId vendor, long amount, Optional<String> reference) {
}
