package org.cityos.marketplace.order;

/**
 * One line of a new order: the host's line id (unique in the order), the host's product id,
 * the quantity and the unit price in minor units.
 */
public record NewOrderLine(String lineId, String productId, long quantity, long unitPrice) {
    public static NewOrderLine of(String lineId, String productId, long quantity, long unitPrice) {
        return new NewOrderLine(lineId, productId, quantity, unitPrice);
    }
}
