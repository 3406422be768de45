package org.cityos.marketplace.payout;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The outcome of one payout run at {@code runAt}: the payouts it created, and every payout it
 * asked the provider about (the new ones and those in flight from earlier runs) as they stand after.
 */
public record PayoutRun(OffsetDateTime runAt, List<Payout> created, List<Payout> settled) {
    public PayoutRun {
        created = List.copyOf(created);
        settled = List.copyOf(settled);
    }

    /** How many of the payouts asked about ended {@code status}. */
    public long count(PayoutStatus status) {
        return settled.stream().filter(p -> p.status() == status).count();
    }
}
