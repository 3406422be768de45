package org.cityos.core.audit;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * One audit row: who did what to which entity, when, with the state before and after (JSON),
 * whether it was applied or refused, and the request it came from.
 */
public record AuditEntry(UUID id, Optional<UUID> tenant, OffsetDateTime occurredAt, String actor, String action,
                         Outcome outcome, String entityType, Optional<String> entityId, Optional<String> before,
                         Optional<String> after, Optional<String> detail, Optional<String> requestId) {
    /** Whether the change was made or refused. */
    public enum Outcome { APPLIED, REFUSED }
}
