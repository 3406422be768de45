package org.cityos.core;

import java.util.Objects;
import java.util.UUID;

/** The identity of a tenant, the unit of data isolation. */
public record TenantId(UUID value) {
    public TenantId {
        Objects.requireNonNull(value, "tenant id");
    }

    /** Parses a tenant id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static TenantId parse(String text) {
        return new TenantId(Ids.parse("tenant id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
