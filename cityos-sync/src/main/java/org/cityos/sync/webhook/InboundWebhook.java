package org.cityos.sync.webhook;

import java.util.Optional;

/** An entry of the inbound webhook log: the message, its status ({@code received}, {@code processed}, {@code ignored}, {@code failed}) and error. */
public record InboundWebhook(InboundMessage message, String status, Optional<String> error) {
}
