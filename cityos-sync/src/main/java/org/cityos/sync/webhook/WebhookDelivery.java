package org.cityos.sync.webhook;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One message to one endpoint: the exact body, its status, how many attempts and the last HTTP status. */
public record WebhookDelivery(DeliveryId id, EndpointId endpoint, String messageId, Optional<UUID> eventId,
                              String eventType, String payload, DeliveryStatus status, int attempts,
                              Optional<Integer> lastStatus, Instant createdAt) {
}
