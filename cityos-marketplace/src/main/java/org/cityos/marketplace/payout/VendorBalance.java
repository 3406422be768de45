package org.cityos.marketplace.payout;

import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.vendor.VendorStatus;

/**
 * A vendor's balances at a moment: {@code pending} (nets of placed vendor orders and of fulfilled
 * ones still in the hold), {@code available} (released nets less payouts not failed; negative
 * when a refund landed after a payout) and {@code paid} (payouts confirmed paid).
 */
public record VendorBalance(VendorId vendor, String handle, VendorStatus status, long pending, long available,
                            long paid) {
}
