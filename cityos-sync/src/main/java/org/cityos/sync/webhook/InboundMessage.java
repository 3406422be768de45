package org.cityos.sync.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.cityos.core.TenantId;

/** A received webhook as logged: its source, the sender's id and event type, and the raw body bytes. */
public record InboundMessage(InboundId id, TenantId tenant, String source, String senderId, String eventType,
                             byte[] body, Instant receivedAt) {
    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
