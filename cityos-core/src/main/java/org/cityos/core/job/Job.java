package org.cityos.core.job;

import java.time.Instant;
import java.util.Optional;

import org.cityos.core.TenantId;

/** A job as stored in the queue, for listings and operations (retry, discard). */
public record Job(JobId id, String type, String payload, Optional<TenantId> tenant, JobStatus status,
                  Instant runAt, int attempts, int maxAttempts, Optional<String> lastError,
                  Optional<String> idempotencyKey, Optional<String> orderingKey, Optional<String> lockedBy,
                  Optional<Instant> heartbeatAt, Instant createdAt, Instant updatedAt) {
}
