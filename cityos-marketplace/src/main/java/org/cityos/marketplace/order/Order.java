package org.cityos.marketplace.order;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A placed order: the host's order id, its totals as placed ({@code total = subtotal - discount +
 * shipping}) and its vendor orders in the order of each vendor's first line.
 */
public record Order(String orderId, String currency, long subtotal, long discount, long shipping, long total,
                    OffsetDateTime placedAt, List<VendorOrder> vendorOrders) {
    public Order {
        vendorOrders = List.copyOf(vendorOrders);
    }
}
