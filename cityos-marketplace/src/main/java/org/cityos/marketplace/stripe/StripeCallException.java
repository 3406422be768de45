package org.cityos.marketplace.stripe;

/**
 * A Stripe call that neither succeeded nor gave a final refusal (unreachable, rate limited past
 * the retries, an idempotency conflict). A payout that meets it stays {@code processing} and is
 * asked again, under the same key, on the next run.
 */
public final class StripeCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message that names the call and Stripe's answer, and the cause. */
    public StripeCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
