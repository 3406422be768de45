package org.cityos.billing.invoice;

import java.util.Locale;

/** {@code draft -> open -> paid | uncollectible | void}; invoices are issued straight to {@code open}. */
public enum InvoiceStatus {
    DRAFT, OPEN, PAID, UNCOLLECTIBLE, VOID;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InvoiceStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
