package org.cityos.billing.b2b.approval;

import java.util.Locale;

/** {@code pending -> approved | rejected}; only an approved request can become an order. */
public enum ApprovalStatus {
    PENDING, APPROVED, REJECTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApprovalStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
