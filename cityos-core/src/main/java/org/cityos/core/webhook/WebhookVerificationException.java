package org.cityos.core.webhook;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;

/**
 * A webhook that failed verification, with the typed {@link Reason}; its code is
 * {@code unauthenticated}, so hosts answer 401 (or 400 for a malformed request).
 */
public final class WebhookVerificationException extends CityOsException {
    private static final long serialVersionUID = 1L;

    /** Why the webhook was refused. */
    public enum Reason {
        /** A required header is absent or empty. */
        MISSING_HEADER,
        /** A header is present but cannot be read (timestamp not a number, signature list malformed). */
        MALFORMED_HEADER,
        /** The timestamp is outside the tolerance (too old or too far in the future). */
        STALE_TIMESTAMP,
        /** No signature matches the body with any of the secrets. */
        SIGNATURE_MISMATCH,
        /** A webhook with this id was accepted before (a replay). */
        REPLAYED
    }

    private final Reason reason;

    public WebhookVerificationException(Reason reason, String message) {
        super(ErrorCode.UNAUTHENTICATED, "webhook refused (" + reason.name().toLowerCase(java.util.Locale.ROOT) + "): "
                + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
