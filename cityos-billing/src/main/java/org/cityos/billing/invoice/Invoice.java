package org.cityos.billing.invoice;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.cityos.billing.CustomerId;
import org.cityos.billing.InvoiceId;
import org.cityos.billing.SubscriptionId;

/**
 * An invoice: its per-tenant gapless number ({@code INV-000001}), what it bills ({@code periodStart}
 * for a period invoice; the service span for both kinds), the amounts ({@code subtotal} of the lines
 * before credit, the customer credit applied, and the {@code amountDue} collected), its status and
 * collection state, and its lines.
 */
public record Invoice(InvoiceId id, String number, CustomerId customer, SubscriptionId subscription, InvoiceKind kind,
                      Optional<Instant> periodStart, Instant serviceStart, Instant serviceEnd, String currency,
                      long subtotal, long creditApplied, long amountDue, InvoiceStatus status, Instant issuedAt,
                      Optional<Instant> paidAt, int attemptCount, Optional<Instant> nextAttemptAt,
                      List<InvoiceLine> lines) {
    public Invoice {
        lines = List.copyOf(lines);
    }
}
