package org.cityos.core.event;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.TenantId;

/**
 * One published event as stored in the outbox: its type (e.g. {@code order.placed}), the
 * aggregate it is about, a JSON payload, and when and by whom it was published.
 */
public record Event(UUID id, TenantId tenant, String type, String aggregateType, String aggregateId, String payload,
                    OffsetDateTime occurredAt, String actor, Optional<String> requestId) {
}
