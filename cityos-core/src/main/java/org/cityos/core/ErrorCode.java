package org.cityos.core;

/**
 * The stable codes carried by every {@link CityOsException}: hosts map them to HTTP statuses or
 * user messages, and they never change meaning between releases.
 */
public enum ErrorCode {
    NOT_FOUND("not_found"),
    CONFLICT("conflict"),
    INVALID_ARGUMENT("invalid_argument"),
    FORBIDDEN("forbidden"),
    UNAUTHENTICATED("unauthenticated"),
    CONFIGURATION("configuration"),
    TENANT_SCOPE_VIOLATION("tenant_scope_violation"),
    UNKNOWN_TENANT("unknown_tenant"),
    UNKNOWN_VENDOR("unknown_vendor"),
    UNKNOWN_PRODUCT("unknown_product"),
    UNKNOWN_ORDER("unknown_order"),
    UNKNOWN_LINE("unknown_line"),
    VENDOR_NOT_ACTIVE("vendor_not_active"),
    INVALID_AMOUNT("invalid_amount"),
    DISCOUNT_EXCEEDS_TOTAL("discount_exceeds_total"),
    OVER_REFUND("over_refund"),
    DUPLICATE_ORDER("duplicate_order"),
    INVALID_TRANSITION("invalid_transition"),
    INVALID_RULE("invalid_rule"),
    // billing
    UNKNOWN_PLAN("unknown_plan"),
    UNKNOWN_SUBSCRIPTION("unknown_subscription"),
    UNKNOWN_INVOICE("unknown_invoice"),
    UNKNOWN_CUSTOMER("unknown_customer"),
    // billing: B2B
    UNKNOWN_COMPANY("unknown_company"),
    UNKNOWN_INVITATION("unknown_invitation"),
    UNKNOWN_APPROVAL("unknown_approval"),
    UNKNOWN_QUOTE("unknown_quote"),
    UNKNOWN_PRICE_LIST("unknown_price_list"),
    UNKNOWN_CUSTOMER_GROUP("unknown_customer_group"),
    CREDIT_LIMIT_EXCEEDED("credit_limit_exceeded");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The wire form, e.g. {@code not_found}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
