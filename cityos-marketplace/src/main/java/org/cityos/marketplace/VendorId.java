package org.cityos.marketplace;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The marketplace's own identity of a vendor (a time-ordered UUID); hosts know vendors by their handle too. */
public record VendorId(UUID value) {
    public VendorId {
        Objects.requireNonNull(value, "vendor id");
    }

    /** Parses a vendor id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static VendorId parse(String text) {
        return new VendorId(Ids.parse("vendor id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
