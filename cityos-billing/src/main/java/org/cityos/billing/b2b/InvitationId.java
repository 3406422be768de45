package org.cityos.billing.b2b;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of an invitation within its tenant. */
public record InvitationId(UUID value) {
    public InvitationId {
        Objects.requireNonNull(value, "invitation id");
    }

    /** Parses an invitation id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static InvitationId parse(String text) {
        return new InvitationId(Ids.parse("invitation id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
