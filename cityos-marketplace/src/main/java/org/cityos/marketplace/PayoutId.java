package org.cityos.marketplace;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of one payout to a vendor. */
public record PayoutId(UUID value) {
    public PayoutId {
        Objects.requireNonNull(value, "payout id");
    }

    /** Parses a payout id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static PayoutId parse(String text) {
        return new PayoutId(Ids.parse("payout id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
