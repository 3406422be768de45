package org.cityos.core.job;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a {@link JobHandler} to fail this attempt and ask for the next one after
 * {@code delay} (e.g. a server's {@code Retry-After}) instead of the handler's retry policy.
 * It still counts as an attempt.
 */
public final class RetryLater extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Duration delay;

    public RetryLater(String message, Duration delay) {
        super(message);
        this.delay = Objects.requireNonNull(delay, "delay");
    }

    public Duration delay() {
        return delay;
    }
}
