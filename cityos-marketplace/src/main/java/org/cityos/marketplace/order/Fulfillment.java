package org.cityos.marketplace.order;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.cityos.marketplace.FulfillmentId;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorOrderId;

/**
 * The fulfillment of a vendor order: its shipment (carrier and tracking number), and the latest
 * tracking status the logistics side reported ({@code Orders.updateTracking}), with its time.
 */
public record Fulfillment(FulfillmentId id, VendorOrderId vendorOrder, String orderId, Optional<VendorId> vendor,
                          Shipment shipment, Optional<String> trackingStatus, OffsetDateTime createdAt,
                          Optional<OffsetDateTime> trackingUpdatedAt) {
}
