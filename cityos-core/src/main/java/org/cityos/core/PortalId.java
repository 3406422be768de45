package org.cityos.core;

import java.util.Objects;
import java.util.UUID;

/** The identity of a portal within its tenant. */
public record PortalId(UUID value) {
    public PortalId {
        Objects.requireNonNull(value, "portal id");
    }

    /** Parses the id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static PortalId parse(String text) {
        return new PortalId(Ids.parse("portal id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
