package org.cityos.core.tenancy;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a category in the platform hierarchy. */
public record CategoryId(UUID value) {
    public CategoryId {
        Objects.requireNonNull(value, "category id");
    }

    /** Parses the id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static CategoryId parse(String text) {
        return new CategoryId(Ids.parse("category id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
