package org.cityos.sync.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * A record the sync could not carry over: {@code MALFORMED} (a side sent a record the connector
 * could not read; skipped), {@code REJECTED} (a side refused a write for good) or {@code GAVE_UP}
 * (retries exhausted). Open until resolved, or until {@code retryFailure} succeeds.
 */
public record SyncFailure(FailureId id, String integration, String entityType, Optional<String> remoteId,
                          Optional<String> localId, Kind kind, String message, Optional<String> excerpt,
                          boolean open, Instant occurredAt) {
    /** The kinds of failure. */
    public enum Kind { MALFORMED, REJECTED, GAVE_UP }
}
