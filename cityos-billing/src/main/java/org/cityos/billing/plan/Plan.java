package org.cityos.billing.plan;

import java.time.Instant;

import org.cityos.billing.PlanId;
import org.cityos.billing.rules.Interval;
import org.cityos.billing.rules.Pricing;

/**
 * A tenant's plan: its currency, billing interval ({@code intervalCount} x {@code interval}),
 * trial days and price. Plans are immutable once created, except for archiving.
 */
public record Plan(PlanId id, String code, String name, String currency, Interval interval, int intervalCount,
                   int trialDays, Pricing pricing, PlanStatus status, Instant createdAt) {

    /** The price of {@code quantity} units for one period, in minor units. */
    public long amount(long quantity) {
        return pricing.amount(quantity);
    }
}
