package org.cityos.marketplace.payout;

import java.util.Locale;

/** What created a payout: an on-demand run, a scheduled run, or the vendor's own payout request. */
public enum PayoutOrigin {
    RUN, SCHEDULE, REQUEST;

    /** The wire form, e.g. {@code request}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
