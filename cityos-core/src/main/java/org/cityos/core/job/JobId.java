package org.cityos.core.job;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a job in the durable queue (a time-ordered UUID). */
public record JobId(UUID value) {
    public JobId {
        Objects.requireNonNull(value, "job id");
    }

    /** Parses a job id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static JobId parse(String text) {
        return new JobId(Ids.parse("job id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
