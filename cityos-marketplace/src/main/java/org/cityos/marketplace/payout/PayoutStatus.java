package org.cityos.marketplace.payout;

import java.util.Locale;

/**
 * A payout's status: {@code pending} (committed, provider not asked yet), {@code processing} (the
 * provider was asked under the payout's idempotency key and has not given a final answer), then
 * {@code paid} or {@code failed} (its amount returns to the vendor's available balance).
 */
public enum PayoutStatus {
    PENDING, PROCESSING, PAID, FAILED;

    /** The wire form, e.g. {@code paid}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the payout is still in flight (pending or processing). */
    public boolean inFlight() {
        return this == PENDING || this == PROCESSING;
    }
}
