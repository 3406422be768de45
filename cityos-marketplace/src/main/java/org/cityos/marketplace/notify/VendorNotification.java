package org.cityos.marketplace.notify;

import java.util.Map;
import java.util.UUID;

import org.cityos.core.TenantId;
import org.cityos.marketplace.VendorId;

/**
 * Something a vendor should hear about: a new vendor order to fulfil, or a fulfillment recorded
 * for one of its vendor orders. {@code details} carries the event's extra fields (carrier,
 * tracking number, release time).
 */
public record VendorNotification(Kind kind, TenantId tenant, VendorId vendor, String orderId, UUID vendorOrderId,
                                 UUID eventId, Map<String, String> details) {
    /** What happened. */
    public enum Kind { NEW_ORDER, FULFILLMENT_CREATED }

    public VendorNotification {
        details = Map.copyOf(details);
    }
}
