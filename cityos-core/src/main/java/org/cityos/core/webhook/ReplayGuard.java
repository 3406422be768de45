package org.cityos.core.webhook;

import java.time.Instant;

/**
 * Remembers the ids of accepted webhooks until they expire, so a replayed one is refused. The
 * in-memory {@link #inMemory(int)} suits one node; several nodes share a database-backed one
 * (the sync module's inbound intake dedupes on its webhook log).
 */
@FunctionalInterface
public interface ReplayGuard {
    /** Records {@code id} until {@code expiresAt}; false if it was recorded and has not expired. */
    boolean firstSeen(String id, Instant expiresAt, Instant now);

    /** A guard in this JVM's memory holding at most {@code capacity} ids (the oldest are dropped first). */
    static ReplayGuard inMemory(int capacity) {
        return new InMemoryReplayGuard(capacity);
    }

    /** A guard that remembers nothing (when the caller dedupes by id itself). */
    static ReplayGuard none() {
        return (id, expiresAt, now) -> true;
    }
}
