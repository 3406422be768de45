package org.cityos.billing.invoice;

import java.time.Instant;
import java.util.Optional;

/**
 * One attempt to collect an invoice through the gateway, with the idempotency key it was sent
 * with; {@code status} is {@code pending}, {@code succeeded} or {@code failed}, {@code outcome}
 * the gateway's answer ({@code succeeded}, {@code declined}, {@code action_required}, {@code retryable}).
 */
public record PaymentAttempt(int attemptNo, String idempotencyKey, long amount, String status,
                             Optional<String> outcome, Optional<String> failureCode, Optional<String> failureMessage,
                             Optional<String> gatewayRef, Instant createdAt, Optional<Instant> completedAt) {
}
