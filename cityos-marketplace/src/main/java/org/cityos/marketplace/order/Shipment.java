package org.cityos.marketplace.order;

import java.util.Objects;
import java.util.Optional;

/** What a fulfillment records about the shipment: the carrier and the tracking number, when known. */
public record Shipment(Optional<String> carrier, Optional<String> trackingNumber) {
    public Shipment {
        carrier = Objects.requireNonNullElse(carrier, Optional.empty());
        trackingNumber = Objects.requireNonNullElse(trackingNumber, Optional.empty());
    }

    /** A fulfillment without shipment details (e.g. a pick-up). */
    public static Shipment none() {
        return new Shipment(Optional.empty(), Optional.empty());
    }

    /** A shipment with a carrier and a tracking number. */
    public static Shipment of(String carrier, String trackingNumber) {
        return new Shipment(Optional.of(carrier), Optional.of(trackingNumber));
    }
}
