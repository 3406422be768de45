package org.cityos.marketplace.portal;

/** A product's sales over a range: units sold less refunded, revenue (basis less refunded basis) and commission. */
public record ProductSales(String productId, long quantity, long revenue, long commission) {
}
