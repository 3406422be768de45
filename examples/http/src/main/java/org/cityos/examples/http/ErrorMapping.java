package org.cityos.examples.http;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;

/**
 * How the example answers a refusal: each {@link ErrorCode} has one HTTP status (the mapping
 * docs/embedding.md suggests), and the body is {@code {"code": ..., "message": ...}} with the
 * library's stable code and message.
 */
public final class ErrorMapping {
    private ErrorMapping() {
    }

    /** The JSON body of every error answer. */
    public record ApiError(String code, String message) {
        static ApiError of(CityOsException e) {
            return new ApiError(e.code().code(), e.getMessage());
        }
    }

    /**
     * The HTTP status of a code. The switch has no default on purpose: a code added to the library
     * fails this module's compilation until someone decides its status.
     */
    public static int status(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND, UNKNOWN_TENANT, UNKNOWN_VENDOR, UNKNOWN_PRODUCT, UNKNOWN_ORDER, UNKNOWN_LINE,
                    UNKNOWN_PLAN, UNKNOWN_SUBSCRIPTION, UNKNOWN_INVOICE, UNKNOWN_CUSTOMER, UNKNOWN_COMPANY,
                    UNKNOWN_INVITATION, UNKNOWN_APPROVAL, UNKNOWN_QUOTE, UNKNOWN_PRICE_LIST,
                    UNKNOWN_CUSTOMER_GROUP -> 404;
            // the state of the target refuses it (not in embedding.md's list: our choice)
            case CONFLICT, DUPLICATE_ORDER, VENDOR_NOT_ACTIVE, CREDIT_LIMIT_EXCEEDED -> 409;
            case INVALID_ARGUMENT, INVALID_AMOUNT, INVALID_RULE, INVALID_TRANSITION, DISCOUNT_EXCEEDS_TOTAL,
                    OVER_REFUND -> 422;
            // a bug or a broken deployment, not the client's fault
            case CONFIGURATION, TENANT_SCOPE_VIOLATION -> 500;
        };
    }
}
