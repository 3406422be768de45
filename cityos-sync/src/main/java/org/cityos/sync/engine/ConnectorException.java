package org.cityos.sync.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * A connector call that failed, classified: {@link Kind#RETRYABLE} (network error, timeout, 5xx,
 * an unreadable response), {@link Kind#RATE_LIMITED} (429, with the side's {@code Retry-After}),
 * {@link Kind#REJECTED} (a 4xx that a retry will not change), {@link Kind#UNAUTHORIZED} (401/403
 * or missing credentials) and {@link Kind#UNSUPPORTED} (the side cannot do this). The message
 * never carries credentials.
 */
public class ConnectorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The classes of failure. */
    public enum Kind { RETRYABLE, RATE_LIMITED, REJECTED, UNAUTHORIZED, UNSUPPORTED }

    private final Kind kind;
    private final Integer status;
    private final Duration retryAfter;

    public ConnectorException(Kind kind, String message, Integer status, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public static ConnectorException retryable(String message, Integer status, Throwable cause) {
        return new ConnectorException(Kind.RETRYABLE, message, status, null, cause);
    }

    public static ConnectorException rateLimited(String message, Duration retryAfter) {
        return new ConnectorException(Kind.RATE_LIMITED, message, 429, retryAfter, null);
    }

    public static ConnectorException rejected(String message, Integer status) {
        return new ConnectorException(Kind.REJECTED, message, status, null, null);
    }

    public static ConnectorException unauthorized(String message, Integer status) {
        return new ConnectorException(Kind.UNAUTHORIZED, message, status, null, null);
    }

    public static ConnectorException unsupported(String message) {
        return new ConnectorException(Kind.UNSUPPORTED, message, null, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, when there was a response. */
    public Optional<Integer> status() {
        return Optional.ofNullable(status);
    }

    /** How long the side asked us to wait ({@code Retry-After}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether trying again later may succeed. */
    public boolean retryable() {
        return kind == Kind.RETRYABLE || kind == Kind.RATE_LIMITED;
    }
}
