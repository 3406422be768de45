package org.cityos.marketplace.order;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorOrderId;

/**
 * The part of an order that one vendor (or, with no vendor, the platform) fulfils, with its
 * figures: {@code subtotal}, {@code discount} and {@code shipping} as placed; {@code commission},
 * {@code refundedBasis} and {@code vendorNet} current (after refunds; 0 once canceled), where
 * {@code vendorNet = subtotal - discount - refundedBasis + shipping - commission}.
 * {@code releasedAt} is when a fulfilled vendor order's net leaves the hold.
 */
public record VendorOrder(VendorOrderId id, String orderId, Optional<VendorId> vendor, VendorOrderStatus status,
                          long subtotal, long discount, long shipping, long commission, long refundedBasis,
                          long vendorNet, OffsetDateTime placedAt, Optional<OffsetDateTime> fulfilledAt,
                          Optional<OffsetDateTime> releasedAt, Optional<OffsetDateTime> canceledAt,
                          List<OrderLine> lines) {
    public VendorOrder {
        lines = List.copyOf(lines);
    }
}
