package org.cityos.marketplace.report;

import java.time.OffsetDateTime;

import org.cityos.marketplace.VendorOrderId;

/** One vendor order in an earnings statement: released at {@code releasedAt}, with its current figures. */
public record StatementLine(VendorOrderId vendorOrder, String orderId, OffsetDateTime releasedAt, long subtotal,
                            long discount, long refunded, long shipping, long commission, long net) {
}
