package org.cityos.marketplace;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of one fulfillment (the shipment record of a fulfilled vendor order). */
public record FulfillmentId(UUID value) {
    public FulfillmentId {
        Objects.requireNonNull(value, "fulfillment id");
    }

    /** Parses a fulfillment id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static FulfillmentId parse(String text) {
        return new FulfillmentId(Ids.parse("fulfillment id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
