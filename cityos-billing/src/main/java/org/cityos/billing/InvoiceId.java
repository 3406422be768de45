package org.cityos.billing;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a invoice within its tenant. */
public record InvoiceId(UUID value) {
    public InvoiceId {
        Objects.requireNonNull(value, "invoice id");
    }

    /** Parses a invoice id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static InvoiceId parse(String text) {
        return new InvoiceId(Ids.parse("invoice id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
