package org.cityos.billing;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a subscription within its tenant. */
public record SubscriptionId(UUID value) {
    public SubscriptionId {
        Objects.requireNonNull(value, "subscription id");
    }

    /** Parses a subscription id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static SubscriptionId parse(String text) {
        return new SubscriptionId(Ids.parse("subscription id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
