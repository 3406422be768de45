package org.cityos.sync.engine;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A full backfill of one entity type from one integration, and how far it got: pages and records
 * read, records that changed the hub, records that failed, the total the side reported if it did.
 */
public record Backfill(BackfillId id, String integration, String entityType, Status status, long pages,
                       long processed, long changed, long failed, OptionalLong total, Optional<String> error,
                       Instant startedAt, Optional<Instant> finishedAt) {
    /** Where a backfill stands. */
    public enum Status { RUNNING, DONE, FAILED }
}
