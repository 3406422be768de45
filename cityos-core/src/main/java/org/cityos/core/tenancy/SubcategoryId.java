package org.cityos.core.tenancy;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a subcategory in the platform hierarchy. */
public record SubcategoryId(UUID value) {
    public SubcategoryId {
        Objects.requireNonNull(value, "subcategory id");
    }

    /** Parses the id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static SubcategoryId parse(String text) {
        return new SubcategoryId(Ids.parse("subcategory id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
