package org.cityos.marketplace.order;

/**
 * The outcome of one refund request: what was refunded now, the line's cumulative refunded
 * quantity, and how much the line's basis, commission and net changed (the net falls by the
 * basis refunded minus the commission given back).
 */
public record Refund(String orderId, String lineId, long quantity, long refundedQuantity, long basisRefunded,
                     long commissionChange, long netChange) {
}
