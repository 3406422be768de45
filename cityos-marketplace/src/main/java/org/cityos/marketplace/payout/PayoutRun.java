package org.cityos.marketplace.payout;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The outcome of one payout run at {@code runAt}: the payouts it created, and every payout it
 * asked the provider about (the new ones and pending ones from earlier runs) as they stand after.
 */
public record PayoutRun(OffsetDateTime runAt, List<Payout> created, List<Payout> settled) {
    public PayoutRun {
        created = List.copyOf(created);
        settled = List.copyOf(settled);
    }
}
