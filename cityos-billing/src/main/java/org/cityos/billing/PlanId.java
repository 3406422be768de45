package org.cityos.billing;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a billing plan within its tenant. */
public record PlanId(UUID value) {
    public PlanId {
        Objects.requireNonNull(value, "plan id");
    }

    /** Parses a plan id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static PlanId parse(String text) {
        return new PlanId(Ids.parse("plan id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
