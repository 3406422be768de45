package org.cityos.marketplace.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.cityos.core.CityOs;
import org.cityos.core.Json;
import org.cityos.core.event.EventDelivery;
import org.cityos.marketplace.VendorId;

/**
 * The marketplace's outbox subscribers for {@code order.placed} and {@code fulfillment.created}:
 * each delivery is marked processed in its own transaction first, so a redelivered event is
 * skipped and the vendor is told once.
 */
public final class VendorNotifications {
    /** The subscriber name under which the deliveries run (and are recorded as processed). */
    public static final String SUBSCRIBER = "marketplace-vendor-notifier";

    private final VendorNotifier notifier;

    private VendorNotifications(VendorNotifier notifier) {
        this.notifier = notifier;
    }

    /** Subscribes the notifier to the two event types on {@code cityOs}. */
    public static void register(CityOs cityOs, VendorNotifier notifier) {
        VendorNotifications n = new VendorNotifications(notifier);
        cityOs.events().subscribe("order.placed", SUBSCRIBER, n::orderPlaced);
        cityOs.events().subscribe("fulfillment.created", SUBSCRIBER, n::fulfillmentCreated);
    }

    private void orderPlaced(EventDelivery d) throws Exception {
        if (!d.markIfFirst()) {
            return;
        }
        JsonNode payload = Json.MAPPER.readTree(d.event().payload());
        for (JsonNode part : payload.path("vendorOrders")) {
            if (part.hasNonNull("vendorId")) {
                notifier.notify(new VendorNotification(VendorNotification.Kind.NEW_ORDER, d.event().tenant(),
                        VendorId.parse(part.get("vendorId").asText()), payload.path("orderId").asText(),
                        UUID.fromString(part.get("vendorOrderId").asText()), d.event().id(), Map.of()));
            }
        }
    }

    private void fulfillmentCreated(EventDelivery d) throws Exception {
        if (!d.markIfFirst()) {
            return;
        }
        JsonNode p = Json.MAPPER.readTree(d.event().payload());
        if (!p.hasNonNull("vendorId")) {
            return; // the platform's own lines: no vendor to tell
        }
        Map<String, String> details = new LinkedHashMap<>();
        for (String f : new String[] {"fulfillmentId", "carrier", "trackingNumber", "releasedAt"}) {
            if (p.hasNonNull(f)) {
                details.put(f, p.get(f).asText());
            }
        }
        notifier.notify(new VendorNotification(VendorNotification.Kind.FULFILLMENT_CREATED, d.event().tenant(),
                VendorId.parse(p.get("vendorId").asText()), p.path("orderId").asText(),
                UUID.fromString(p.get("vendorOrderId").asText()), d.event().id(), details));
    }
}
