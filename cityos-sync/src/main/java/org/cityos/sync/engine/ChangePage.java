package org.cityos.sync.engine;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of changes since a cursor: the changes in the side's order, the cursor to continue
 * from (to store even when no more pages follow, so the next pull starts there), whether more
 * pages follow now, and the total the side reported, if it did (for backfill progress).
 */
public record ChangePage(List<Change> changes, Optional<String> cursor, boolean more, OptionalLong total) {
    public ChangePage {
        changes = List.copyOf(changes);
        cursor = cursor == null ? Optional.empty() : cursor;
        total = total == null ? OptionalLong.empty() : total;
    }
}
