package org.cityos.billing.customer;

import java.time.Instant;
import java.util.List;

import org.cityos.billing.CustomerId;
import org.cityos.billing.SubscriptionId;
import org.cityos.billing.invoice.InvoiceKind;
import org.cityos.billing.invoice.InvoiceLine;

/**
 * What an invoice would be if issued at {@code at}: the next period's invoice, or the proration
 * invoice of a change; nothing is written. The credit applied is the customer's balance now.
 */
public record InvoicePreview(CustomerId customer, SubscriptionId subscription, InvoiceKind kind, Instant at,
                             Instant serviceStart, Instant serviceEnd, String currency, List<InvoiceLine> lines,
                             long subtotal, long creditApplied, long amountDue) {
    public InvoicePreview {
        lines = List.copyOf(lines);
    }
}
