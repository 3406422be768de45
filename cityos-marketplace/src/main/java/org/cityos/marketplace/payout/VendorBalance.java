package org.cityos.marketplace.payout;

import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.vendor.VendorStatus;

/**
 * A vendor's balances at a moment: {@code pending} (nets of placed vendor orders and of fulfilled
 * ones still in the hold), {@code available} (released nets less payouts not failed, plus
 * reversals; negative when a refund landed after a payout), {@code inTransit} (payouts pending or
 * processing) and {@code paid} (payouts confirmed paid, less reversals). The four add up to the
 * vendor's current net earnings.
 */
public record VendorBalance(VendorId vendor, String handle, VendorStatus status, long pending, long available,
                            long paid, long inTransit) {
}
