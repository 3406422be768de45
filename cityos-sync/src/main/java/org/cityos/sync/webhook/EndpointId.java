package org.cityos.sync.webhook;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of an outbound webhook endpoint within its tenant. */
public record EndpointId(UUID value) {
    public EndpointId {
        Objects.requireNonNull(value, "endpoint id");
    }

    public static EndpointId parse(String text) {
        return new EndpointId(Ids.parse("endpoint id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
