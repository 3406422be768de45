package org.cityos.billing.invoice;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.cityos.billing.CustomerId;
import org.cityos.billing.InvoiceId;
import org.cityos.billing.SubscriptionId;

/**
 * An invoice: its per-tenant gapless number ({@code INV-000001}), what it bills (a subscription's
 * period or mid-period change, with {@code periodStart} on period invoices; or a marketplace order
 * bought on terms, with its {@link PurchaseOrder}), the amounts ({@code subtotal} of the lines
 * before credit, the customer credit applied, and the {@code amountDue}), its status and
 * collection state, and its lines.
 */
public record Invoice(InvoiceId id, String number, CustomerId customer, Optional<SubscriptionId> subscription,
                      InvoiceKind kind, Optional<Instant> periodStart, Instant serviceStart, Instant serviceEnd,
                      String currency, long subtotal, long creditApplied, long amountDue, InvoiceStatus status,
                      Instant issuedAt, Optional<Instant> paidAt, int attemptCount, Optional<Instant> nextAttemptAt,
                      Optional<PurchaseOrder> purchaseOrder, List<InvoiceLine> lines) {
    public Invoice {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(purchaseOrder, "purchaseOrder");
        lines = List.copyOf(lines);
    }

    /** Whether the invoice is still open past its due date at {@code now} (purchase-order invoices only). */
    public boolean overdueAt(Instant now) {
        return status == InvoiceStatus.OPEN && purchaseOrder.isPresent() && now.isAfter(purchaseOrder.get().dueAt());
    }
}
