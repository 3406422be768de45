package org.cityos.billing.b2b.quote;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.ApprovalId;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.QuoteId;

/**
 * A quote of a company's employee: its status, how many times the merchant priced it
 * ({@code revision}), until when the prices hold, its lines and their total once priced, the order
 * it became, and the approval request its conversion waits on, if any.
 */
public record Quote(QuoteId id, CompanyId company, CustomerId customer, QuoteStatus status, int revision,
                    Optional<Instant> validUntil, List<QuoteLine> lines, OptionalLong total, Optional<String> orderId,
                    Optional<ApprovalId> approval, Instant createdAt, Instant updatedAt) {
    public Quote {
        lines = List.copyOf(lines);
    }
}
