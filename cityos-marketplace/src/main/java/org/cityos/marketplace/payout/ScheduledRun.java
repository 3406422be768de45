package org.cityos.marketplace.payout;

import java.time.Instant;

import org.cityos.core.TenantId;

/** One scheduled payout run that {@code Payouts.runDueSchedules} started: the tenant, its slot and what the run did. */
public record ScheduledRun(TenantId tenant, Instant slot, PayoutRun run) {
}
