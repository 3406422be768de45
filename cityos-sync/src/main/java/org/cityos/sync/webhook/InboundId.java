package org.cityos.sync.webhook;

import java.util.Objects;
import java.util.UUID;

/** The identity of one received inbound webhook in the webhook log. */
public record InboundId(UUID value) {
    public InboundId {
        Objects.requireNonNull(value, "inbound webhook id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
