package org.cityos.marketplace.vendor;

import java.util.Locale;
import java.util.Set;

/**
 * A vendor's lifecycle: {@code pending} (applied) to {@code active} (verified) or
 * {@code rejected}; {@code active} and {@code suspended} back and forth. Only active vendors
 * receive new orders.
 */
public enum VendorStatus {
    PENDING, ACTIVE, REJECTED, SUSPENDED;

    /** Whether the lifecycle allows moving from this status to {@code next}. */
    public boolean canMoveTo(VendorStatus next) {
        return switch (this) {
            case PENDING -> Set.of(ACTIVE, REJECTED).contains(next);
            case ACTIVE -> next == SUSPENDED;
            case SUSPENDED -> next == ACTIVE;
            case REJECTED -> false;
        };
    }

    /** The wire form, e.g. {@code active}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire form; {@code invalid_argument} naming the text otherwise. */
    public static VendorStatus parse(String text) {
        for (VendorStatus s : values()) {
            if (s.wire().equals(text)) {
                return s;
            }
        }
        throw org.cityos.core.CityOsException.invalid("vendor status", text,
                "is not one of pending, active, rejected, suspended");
    }
}
