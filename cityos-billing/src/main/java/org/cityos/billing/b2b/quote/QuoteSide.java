package org.cityos.billing.b2b.quote;

import java.util.Locale;

/** Who made a move or wrote a message on a quote: the customer (an employee), the merchant, or the system (expiry). */
public enum QuoteSide {
    CUSTOMER, MERCHANT, SYSTEM;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static QuoteSide of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
