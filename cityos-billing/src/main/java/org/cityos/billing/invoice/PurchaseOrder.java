package org.cityos.billing.invoice;

import java.time.Instant;
import java.util.Optional;

import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.PaymentTerms;

/**
 * What a purchase-order invoice bills: the company's marketplace order (the host's order id) bought
 * on {@code terms} under the buyer's PO number, due {@code terms} days after issue; {@code overdueAt}
 * is when the overdue sweep found it still open past that.
 */
public record PurchaseOrder(CompanyId company, String orderId, Optional<String> poNumber, PaymentTerms terms,
                            Instant dueAt, Optional<Instant> overdueAt) {
}
