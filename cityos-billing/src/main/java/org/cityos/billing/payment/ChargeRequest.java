package org.cityos.billing.payment;

import java.util.Optional;

import org.cityos.billing.CustomerId;
import org.cityos.billing.InvoiceId;
import org.cityos.core.TenantId;

/**
 * One collection attempt for an invoice: who pays (the host's customer id and the gateway's
 * references), how much (minor units of {@code currency}), and the idempotency key
 * {@code cityos-<invoice id>-<attempt>} that makes a repeated request charge at most once.
 */
public record ChargeRequest(TenantId tenant, InvoiceId invoice, String invoiceNumber, int attempt,
                            String idempotencyKey, CustomerId customer, Optional<String> gatewayCustomerRef,
                            Optional<String> paymentMethodRef, long amount, String currency) {

    /** The idempotency key of attempt {@code attempt} of {@code invoice}. */
    public static String key(InvoiceId invoice, int attempt) {
        return "cityos-" + invoice.value() + "-" + attempt;
    }
}
