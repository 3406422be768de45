package org.cityos.billing.b2b.purchase;

import java.util.Optional;

import org.cityos.billing.b2b.approval.ApprovalRequest;
import org.cityos.billing.invoice.Invoice;
import org.cityos.marketplace.order.Order;

/** What became of a purchase: an order placed (with its invoice when bought on terms), or a request awaiting approval. */
public sealed interface Purchase {
    /** The order was placed through the marketplace (split, commissions) and, on terms, invoiced. */
    record Placed(Order order, Optional<Invoice> invoice) implements Purchase {
    }

    /** The order waits for an approver; nothing was placed. */
    record AwaitingApproval(ApprovalRequest request) implements Purchase {
    }
}
