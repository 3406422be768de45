package org.cityos.billing.b2b.approval;

import java.time.Instant;
import java.util.Optional;

import org.cityos.billing.CustomerId;
import org.cityos.billing.InvoiceId;
import org.cityos.billing.b2b.ApprovalId;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.QuoteId;
import org.cityos.marketplace.order.NewOrder;

/**
 * An order of a company's employee that waits for an approver's decision: the order as submitted
 * (placed under {@code order.orderId()} once approved), its total, how it is paid (on terms, with
 * the PO number), the quote it converts if any, the decision, and when it became an order.
 */
public record ApprovalRequest(ApprovalId id, CompanyId company, CustomerId requester, ApprovalStatus status,
                              ApprovalReason reason, NewOrder order, long total, String currency, boolean onTerms,
                              Optional<String> poNumber, Optional<QuoteId> quote, Optional<CustomerId> decidedBy,
                              Optional<Instant> decidedAt, Optional<String> note, Optional<Instant> placedAt,
                              Optional<InvoiceId> invoice, Instant createdAt) {
    /** Whether the approved request has become an order. */
    public boolean placed() {
        return placedAt.isPresent();
    }
}
