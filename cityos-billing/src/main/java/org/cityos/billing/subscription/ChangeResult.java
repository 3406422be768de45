package org.cityos.billing.subscription;

import java.util.Optional;

import org.cityos.billing.invoice.Invoice;

/**
 * The outcome of a plan or quantity change: the subscription after it and, when it fell inside a
 * billed period, the proration invoice issued for it.
 */
public record ChangeResult(Subscription subscription, Optional<Invoice> prorationInvoice) {
}
