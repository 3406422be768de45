package org.cityos.sync.webhook;

/**
 * What the intake did with a verified webhook: {@code accepted} (logged and queued) or
 * {@code duplicate} (the sender's id was seen before; nothing new). Both answer 2xx to the sender.
 */
public record InboundResult(InboundId id, boolean duplicate) {
}
