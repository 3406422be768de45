package org.cityos.billing.b2b;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of an approval request within its tenant. */
public record ApprovalId(UUID value) {
    public ApprovalId {
        Objects.requireNonNull(value, "approval request id");
    }

    /** Parses an approval request id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static ApprovalId parse(String text) {
        return new ApprovalId(Ids.parse("approval request id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
