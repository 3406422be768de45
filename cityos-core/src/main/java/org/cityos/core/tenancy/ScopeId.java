package org.cityos.core.tenancy;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a scope in the platform hierarchy. */
public record ScopeId(UUID value) {
    public ScopeId {
        Objects.requireNonNull(value, "scope id");
    }

    /** Parses the id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static ScopeId parse(String text) {
        return new ScopeId(Ids.parse("scope id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
