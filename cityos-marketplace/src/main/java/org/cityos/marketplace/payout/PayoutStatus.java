package org.cityos.marketplace.payout;

import java.util.Locale;

/** A payout's status: {@code pending} until the provider confirms it {@code paid} or {@code failed}. */
public enum PayoutStatus {
    PENDING, PAID, FAILED;

    /** The wire form, e.g. {@code paid}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
