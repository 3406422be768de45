package org.cityos.core;

import java.util.List;
import java.util.Optional;

/** One page of a keyset-paginated listing; {@code next} is the cursor of the following page, if any. */
public record Page<T>(List<T> items, Optional<String> next) {
    public Page {
        items = List.copyOf(items);
        next = next == null ? Optional.empty() : next;
    }
}
