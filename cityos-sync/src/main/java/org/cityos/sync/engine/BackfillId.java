package org.cityos.sync.engine;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a backfill run. */
public record BackfillId(UUID value) {
    public BackfillId {
        Objects.requireNonNull(value, "backfill id");
    }

    /** Parses the id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static BackfillId parse(String text) {
        return new BackfillId(Ids.parse("backfill id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
