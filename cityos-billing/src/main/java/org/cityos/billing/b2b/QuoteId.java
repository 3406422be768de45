package org.cityos.billing.b2b;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a quote within its tenant. */
public record QuoteId(UUID value) {
    public QuoteId {
        Objects.requireNonNull(value, "quote id");
    }

    /** Parses a quote id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static QuoteId parse(String text) {
        return new QuoteId(Ids.parse("quote id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
