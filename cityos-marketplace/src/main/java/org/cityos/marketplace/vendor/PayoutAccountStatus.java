package org.cityos.marketplace.vendor;

import java.util.Locale;

/**
 * Where a vendor's payout account stands at its provider: {@code pending} (onboarding not done),
 * {@code active} (payouts go out), {@code restricted} (the provider wants more, or disabled it) or
 * {@code rejected} (for good). Only an {@code active} account is paid; the others accrue.
 */
public enum PayoutAccountStatus {
    PENDING, ACTIVE, RESTRICTED, REJECTED;

    /** The wire form, e.g. {@code active}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
