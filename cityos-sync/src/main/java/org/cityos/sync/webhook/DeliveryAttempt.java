package org.cityos.sync.webhook;

import java.time.Instant;
import java.util.Optional;

/** One logged attempt of a delivery: the response status (none on a network error), latency, response excerpt or error. */
public record DeliveryAttempt(Instant attemptedAt, Optional<Integer> statusCode, long latencyMillis,
                              Optional<String> responseExcerpt, Optional<String> error) {
}
