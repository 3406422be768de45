package org.cityos.core.identity.apikey;

import java.util.Objects;
import java.util.UUID;

import org.cityos.core.Ids;

/** The identity of an API key within its tenant; it is also the subject of the key's principal. */
public record ApiKeyId(UUID value) {
    public ApiKeyId {
        Objects.requireNonNull(value, "api key id");
    }

    /** Parses the id, raising {@code invalid_argument} naming the text when it is not a UUID. */
    public static ApiKeyId parse(String text) {
        return new ApiKeyId(Ids.parse("api key id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
