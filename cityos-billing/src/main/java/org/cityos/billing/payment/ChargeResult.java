package org.cityos.billing.payment;

import java.util.Optional;

/**
 * What the gateway answered: the money was taken ({@link Succeeded}); refused ({@link Declined},
 * e.g. a card decline); the customer must act ({@link ActionRequired}, e.g. authentication on
 * an off-session charge), which billing treats as a failed attempt; or nothing happened and the
 * same attempt may be sent again ({@link Retryable}: rate limit, network, gateway outage).
 */
public sealed interface ChargeResult {

    /** The wire name of the outcome, as kept on the attempt. */
    String outcome();

    /** Paid; {@code reference} is the gateway's payment id (e.g. {@code pi_...}). */
    record Succeeded(String reference) implements ChargeResult {
        @Override
        public String outcome() {
            return "succeeded";
        }
    }

    /** Refused by the gateway or the issuer, with its code (e.g. {@code card_declined}) and message. */
    record Declined(String code, String message, Optional<String> reference) implements ChargeResult {
        public Declined {
            reference = reference == null ? Optional.empty() : reference;
        }

        @Override
        public String outcome() {
            return "declined";
        }
    }

    /** The customer must authenticate or otherwise act before the payment can complete. */
    record ActionRequired(String code, String message, Optional<String> reference) implements ChargeResult {
        public ActionRequired {
            reference = reference == null ? Optional.empty() : reference;
        }

        @Override
        public String outcome() {
            return "action_required";
        }
    }

    /** Nothing was charged and the same attempt (same idempotency key) may be sent again later. */
    record Retryable(String code, String message) implements ChargeResult {
        @Override
        public String outcome() {
            return "retryable";
        }
    }
}
