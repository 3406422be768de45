package org.cityos.sync.engine;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a tenant's integration endpoint. */
public record IntegrationId(UUID value) {
    public IntegrationId {
        Objects.requireNonNull(value, "integration id");
    }

    /** Parses the id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static IntegrationId parse(String text) {
        return new IntegrationId(Ids.parse("integration id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
