package org.cityos.billing.b2b.approval;

import java.util.Locale;

/**
 * Why an order waits for approval: its total is above the buyer's spending limit, or the company
 * requires approval of every order (reported as {@code company_policy} when both hold).
 */
public enum ApprovalReason {
    OVER_SPENDING_LIMIT, COMPANY_POLICY;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApprovalReason of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
