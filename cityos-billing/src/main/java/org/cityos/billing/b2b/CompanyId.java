package org.cityos.billing.b2b;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of a company within its tenant. */
public record CompanyId(UUID value) {
    public CompanyId {
        Objects.requireNonNull(value, "company id");
    }

    /** Parses a company id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static CompanyId parse(String text) {
        return new CompanyId(Ids.parse("company id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
