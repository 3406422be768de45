package org.cityos.core;

import java.util.Optional;

/**
 * A keyset page request: at most {@code limit} items (1..500) after the opaque cursor
 * {@code after} returned by the previous page.
 */
public record PageRequest(int limit, Optional<String> after) {
    public PageRequest {
        if (limit < 1 || limit > 500) {
            throw CityOsException.invalid("page limit", limit, "must be between 1 and 500");
        }
        after = after == null ? Optional.empty() : after;
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, Optional.empty());
    }

    public PageRequest after(String cursor) {
        return new PageRequest(limit, Optional.ofNullable(cursor));
    }
}
