package org.cityos.core;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One page of a keyset-paginated listing; {@code next} is the cursor of the following page, if any. */
public record Page<T>(List<T> items, Optional<String> next) {
    public Page {
        items = List.copyOf(items);
        next = next == null ? Optional.empty() : next;
    }

    /**
     * The page of a keyset query that fetched up to {@code limit + 1} rows: the first
     * {@code limit} of them, and when there were more, the cursor of the last one shown.
     */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursor) {
        if (rows.size() > limit) {
            List<T> items = rows.subList(0, limit);
            return new Page<>(items, Optional.of(cursor.apply(items.get(limit - 1))));
        }
        return new Page<>(rows, Optional.empty());
    }
}
