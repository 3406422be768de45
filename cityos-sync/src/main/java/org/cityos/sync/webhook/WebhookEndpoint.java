package org.cityos.sync.webhook;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.cityos.core.TenantId;

/**
 * A registered outbound endpoint. {@code secret} is the current {@code whsec_} signing secret,
 * to be shown to the receiver's owner; {@code enabled} is false once disabled (by hand, on a
 * 410, or after too many consecutive failures, with the reason).
 */
public record WebhookEndpoint(EndpointId id, TenantId tenant, String url, Set<String> eventTypes,
                              Optional<String> description, Optional<String> vendorId, String secret,
                              boolean enabled, Optional<String> disabledReason, int consecutiveFailures,
                              Instant createdAt) {
    @Override
    public String toString() {
        return "WebhookEndpoint[" + id + " " + url + " " + eventTypes + (enabled ? "" : " disabled") + "]";
    }
}
