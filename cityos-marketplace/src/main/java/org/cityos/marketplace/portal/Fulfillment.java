package org.cityos.marketplace.portal;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.cityos.marketplace.VendorOrderId;

/** A shipment a vendor recorded when it fulfilled a vendor order. */
public record Fulfillment(UUID id, VendorOrderId vendorOrder, String orderId, Optional<String> carrier,
                          Optional<String> trackingNumber, OffsetDateTime createdAt) {
}
