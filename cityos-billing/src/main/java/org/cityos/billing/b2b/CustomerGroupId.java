package org.cityos.billing.b2b;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a customer group within its tenant. */
public record CustomerGroupId(UUID value) {
    public CustomerGroupId {
        Objects.requireNonNull(value, "customer group id");
    }

    /** Parses a customer group id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static CustomerGroupId parse(String text) {
        return new CustomerGroupId(Ids.parse("customer group id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
