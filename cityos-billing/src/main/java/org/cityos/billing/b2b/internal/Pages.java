package org.cityos.billing.b2b.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.cityos.core.Page;

/** Keyset pages (internal): {@code rows} holds up to one more than the page, which says whether another follows. */
public final class Pages {
    private Pages() {
    }

    public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursor) {
        if (rows.size() > limit) {
            List<T> items = rows.subList(0, limit);
            return new Page<>(items, Optional.of(cursor.apply(items.get(items.size() - 1))));
        }
        return new Page<>(rows, Optional.empty());
    }
}
