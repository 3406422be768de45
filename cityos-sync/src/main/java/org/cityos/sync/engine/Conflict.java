package org.cityos.sync.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * A conflict the policy decided, kept for review: the field of which record, the rule that
 * decided ({@code owner} or {@code last_writer_wins}), the kept and the rejected value (JSON) with
 * the integrations they came from, and whether someone marked it resolved.
 */
public record Conflict(ConflictId id, String entityType, String localId, String field, String rule,
                       Optional<String> keptValue, String keptFrom, Optional<String> rejectedValue,
                       String rejectedFrom, Instant detectedAt, Optional<Instant> resolvedAt,
                       Optional<String> resolution) {
}
