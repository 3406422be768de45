package org.cityos.billing.b2b;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of an address within its tenant. */
public record AddressId(UUID value) {
    public AddressId {
        Objects.requireNonNull(value, "address id");
    }

    /** Parses an address id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static AddressId parse(String text) {
        return new AddressId(Ids.parse("address id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
