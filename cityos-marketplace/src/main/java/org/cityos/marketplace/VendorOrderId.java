package org.cityos.marketplace;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of one vendor order (the part of an order that one vendor, or the platform, fulfils). */
public record VendorOrderId(UUID value) {
    public VendorOrderId {
        Objects.requireNonNull(value, "vendor order id");
    }

    /** Parses a vendor order id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static VendorOrderId parse(String text) {
        return new VendorOrderId(Ids.parse("vendor order id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
