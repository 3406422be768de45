package org.cityos.sync.engine;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a recorded sync conflict. */
public record ConflictId(UUID value) {
    public ConflictId {
        Objects.requireNonNull(value, "conflict id");
    }

    /** Parses the id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static ConflictId parse(String text) {
        return new ConflictId(Ids.parse("conflict id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
