package org.cityos.billing.subscription;

import java.time.Instant;
import java.util.Optional;

import org.cityos.billing.CustomerId;
import org.cityos.billing.PlanId;
import org.cityos.billing.SubscriptionId;
import org.cityos.billing.rules.Periods;

/**
 * A customer's subscription to a plan: its status, quantity, trial end, billing anchor, current
 * period, when the billing run acts next, and cancellation and pause times.
 */
public record Subscription(SubscriptionId id, CustomerId customer, PlanId plan, long quantity,
                           SubscriptionStatus status, Instant startedAt, Optional<Instant> trialEnd,
                           Optional<Instant> anchor, Optional<Periods.Period> currentPeriod,
                           Optional<Instant> nextBillingAt, boolean cancelAtPeriodEnd, Optional<Instant> canceledAt,
                           Optional<Instant> pausedAt) {
}
