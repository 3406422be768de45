package org.cityos.billing.b2b;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a price list within its tenant. */
public record PriceListId(UUID value) {
    public PriceListId {
        Objects.requireNonNull(value, "price list id");
    }

    /** Parses a price list id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static PriceListId parse(String text) {
        return new PriceListId(Ids.parse("price list id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
