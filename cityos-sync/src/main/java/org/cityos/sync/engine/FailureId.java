package org.cityos.sync.engine;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a recorded sync failure (a malformed or refused record). */
public record FailureId(UUID value) {
    public FailureId {
        Objects.requireNonNull(value, "failure id");
    }

    /** Parses the id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static FailureId parse(String text) {
        return new FailureId(Ids.parse("failure id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
