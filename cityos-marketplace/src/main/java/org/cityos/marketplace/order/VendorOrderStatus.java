package org.cityos.marketplace.order;

import java.util.Locale;

/** A vendor order's status: {@code placed}, then {@code fulfilled} or {@code canceled}. */
public enum VendorOrderStatus {
    PLACED, FULFILLED, CANCELED;

    /** The wire form, e.g. {@code fulfilled}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
