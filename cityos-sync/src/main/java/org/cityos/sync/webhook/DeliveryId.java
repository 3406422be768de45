package org.cityos.sync.webhook;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of one outbound webhook delivery (one message to one endpoint). */
public record DeliveryId(UUID value) {
    public DeliveryId {
        Objects.requireNonNull(value, "delivery id");
    }

    public static DeliveryId parse(String text) {
        return new DeliveryId(Ids.parse("delivery id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
