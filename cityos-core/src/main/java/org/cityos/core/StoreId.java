package org.cityos.core;

import java.util.Objects;
import java.util.UUID;

/** The identity of a store within its tenant. */
public record StoreId(UUID value) {
    public StoreId {
        Objects.requireNonNull(value, "store id");
    }

    /** Parses the id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static StoreId parse(String text) {
        return new StoreId(Ids.parse("store id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
