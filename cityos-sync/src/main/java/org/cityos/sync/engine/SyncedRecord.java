package org.cityos.sync.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One entity as the hub holds it: canonical fields merged from every side, its version, whether it
 * was deleted, and where it lives on each integration ({@link RecordMapping}).
 */
public record SyncedRecord(String entityType, String localId, long version, boolean deleted,
                           Map<String, Object> fields, Instant updatedAt, List<RecordMapping> mappings) {
    public SyncedRecord {
        mappings = List.copyOf(mappings);
    }
}
