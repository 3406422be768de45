package org.cityos.billing.internal;

import static org.cityos.billing.internal.Rows.inst;
import static org.cityos.billing.internal.Rows.odt;
import static org.cityos.billing.internal.Rows.opt;
import static org.cityos.billing.internal.db.Tables.BILLING_SUBSCRIPTION;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.PlanId;
import org.cityos.billing.SubscriptionId;
import org.cityos.billing.internal.db.tables.records.BillingSubscriptionRecord;
import org.cityos.billing.rules.Periods;
import org.cityos.billing.subscription.Subscription;
import org.cityos.billing.subscription.SubscriptionStatus;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The SQL of subscriptions. Every change goes through {@link #update}, which checks the row version. */
public final class SubscriptionStore {
    private static final List<String> BILLABLE = List.of("trialing", "active", "past_due");

    private SubscriptionStore() {
    }

    public static Optional<BillingSubscriptionRecord> find(DSLContext tx, UUID tenant, SubscriptionId id) {
        return tx.selectFrom(BILLING_SUBSCRIPTION).where(BILLING_SUBSCRIPTION.TENANT_ID.eq(tenant))
                .and(BILLING_SUBSCRIPTION.ID.eq(id.value())).fetchOptional();
    }

    /** Reads and locks the row for the rest of the transaction. */
    public static BillingSubscriptionRecord lock(DSLContext tx, UUID tenant, SubscriptionId id) {
        return tx.selectFrom(BILLING_SUBSCRIPTION).where(BILLING_SUBSCRIPTION.TENANT_ID.eq(tenant))
                .and(BILLING_SUBSCRIPTION.ID.eq(id.value())).forUpdate().fetchOptional()
                .orElseThrow(() -> unknown(id));
    }

    public static CityOsException unknown(SubscriptionId id) {
        return new CityOsException(ErrorCode.UNKNOWN_SUBSCRIPTION, "unknown subscription: '" + id + "'");
    }

    /**
     * Up to {@code limit} subscriptions whose next billing time has come (after {@code after},
     * when given), locked; rows another transaction holds are skipped (it is working on them),
     * so concurrent runs share the work.
     */
    public static List<BillingSubscriptionRecord> lockDue(DSLContext tx, UUID tenant, Instant now, int limit,
                                                          Cursor after) {
        return tx.selectFrom(BILLING_SUBSCRIPTION)
                .where(BILLING_SUBSCRIPTION.TENANT_ID.eq(tenant))
                .and(BILLING_SUBSCRIPTION.NEXT_BILLING_AT.le(odt(now)))
                .and(after == null ? DSL.noCondition()
                        : DSL.row(BILLING_SUBSCRIPTION.NEXT_BILLING_AT, BILLING_SUBSCRIPTION.ID)
                        .gt(DSL.row(DSL.val(odt(after.at()), BILLING_SUBSCRIPTION.NEXT_BILLING_AT),
                                DSL.val(after.id(), BILLING_SUBSCRIPTION.ID))))
                .and(BILLING_SUBSCRIPTION.STATUS.in(BILLABLE))
                .orderBy(BILLING_SUBSCRIPTION.NEXT_BILLING_AT, BILLING_SUBSCRIPTION.ID)
                .limit(limit)
                .forUpdate().skipLocked()
                .fetch();
    }

    /**
     * Where a pass of the billing run has got to in (next billing time, id) order. Continuing
     * from it lets the index scan start past the rows earlier pages already advanced, whose dead
     * index entries would otherwise be walked again by every page until the next vacuum.
     */
    public record Cursor(Instant at, UUID id) {
    }

    public static List<BillingSubscriptionRecord> byCustomer(DSLContext tx, UUID tenant, CustomerId customer,
                                                             UUID after, int limit) {
        return tx.selectFrom(BILLING_SUBSCRIPTION).where(BILLING_SUBSCRIPTION.TENANT_ID.eq(tenant))
                .and(BILLING_SUBSCRIPTION.CUSTOMER_ID.eq(customer.value()))
                .and(after == null ? DSL.noCondition() : BILLING_SUBSCRIPTION.ID.gt(after))
                .orderBy(BILLING_SUBSCRIPTION.ID).limit(limit).fetch();
    }

    public static void insert(DSLContext tx, BillingSubscriptionRecord r) {
        tx.insertInto(BILLING_SUBSCRIPTION).set(r).execute();
        r.changed(false);
    }

    /**
     * Writes the record's changed fields if the row is still at the version it was read at;
     * otherwise another transaction changed it first and {@link LostRace} is raised.
     */
    public static void update(DSLContext tx, BillingSubscriptionRecord r, Instant now) {
        long version = r.getRowVersion();
        r.setRowVersion(version + 1);
        r.setUpdatedAt(odt(now));
        int n = tx.update(BILLING_SUBSCRIPTION).set(r)
                .where(BILLING_SUBSCRIPTION.TENANT_ID.eq(r.getTenantId()))
                .and(BILLING_SUBSCRIPTION.ID.eq(r.getId()))
                .and(BILLING_SUBSCRIPTION.ROW_VERSION.eq(version))
                .execute();
        if (n != 1) {
            throw new LostRace("subscription " + r.getId() + " changed concurrently");
        }
        r.changed(false);
    }

    /**
     * Writes what a billing run changes (status, anchor, period, next billing time, cancel time)
     * of many rows in one JDBC batch, each only if still at the version it was read at.
     */
    public static void updateAll(DSLContext tx, UUID tenant, List<BillingSubscriptionRecord> rows, Instant now) {
        if (rows.size() < 2) {
            rows.forEach(r -> update(tx, r, now));
            return;
        }
        var S = BILLING_SUBSCRIPTION;
        java.time.OffsetDateTime none = null;
        var template = tx.update(S)
                .set(S.STATUS, DSL.val("", S.STATUS))
                .set(S.ANCHOR_AT, DSL.val(none, S.ANCHOR_AT))
                .set(S.PERIOD_INDEX, DSL.val((Long) null, S.PERIOD_INDEX))
                .set(S.PERIOD_START, DSL.val(none, S.PERIOD_START))
                .set(S.PERIOD_END, DSL.val(none, S.PERIOD_END))
                .set(S.NEXT_BILLING_AT, DSL.val(none, S.NEXT_BILLING_AT))
                .set(S.CANCELED_AT, DSL.val(none, S.CANCELED_AT))
                .set(S.ROW_VERSION, DSL.val(0L, S.ROW_VERSION))
                .set(S.UPDATED_AT, DSL.val(none, S.UPDATED_AT))
                .where(S.TENANT_ID.eq(DSL.inline(tenant, S.TENANT_ID)))
                .and(S.ID.eq(DSL.val(new UUID(0, 0), S.ID)))
                .and(S.ROW_VERSION.eq(DSL.val(0L, S.ROW_VERSION)));
        var batch = tx.batch(template);
        for (BillingSubscriptionRecord r : rows) {
            long v = r.getRowVersion();
            batch = batch.bind(r.getStatus(), r.getAnchorAt(), r.getPeriodIndex(), r.getPeriodStart(), r.getPeriodEnd(),
                    r.getNextBillingAt(), r.getCanceledAt(), v + 1, odt(now), r.getId(), v);
        }
        int[] counts = batch.execute();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 1) {
                throw new LostRace("subscription " + rows.get(i).getId() + " changed concurrently");
            }
        }
        for (BillingSubscriptionRecord r : rows) {
            r.setRowVersion(r.getRowVersion() + 1);
            r.setUpdatedAt(odt(now));
            r.changed(false);
        }
    }

    public static SubscriptionStatus status(BillingSubscriptionRecord r) {
        return SubscriptionStatus.of(r.getStatus());
    }

    public static Subscription toSubscription(BillingSubscriptionRecord r) {
        Optional<Periods.Period> period = r.getPeriodStart() == null ? Optional.empty()
                : Optional.of(new Periods.Period(r.getPeriodIndex(), inst(r.getPeriodStart()), inst(r.getPeriodEnd())));
        return new Subscription(new SubscriptionId(r.getId()), new CustomerId(r.getCustomerId()),
                new PlanId(r.getPlanId()), r.getQuantity(), status(r), inst(r.getStartedAt()), opt(r.getTrialEnd()),
                opt(r.getAnchorAt()), period, opt(r.getNextBillingAt()), r.getCancelAtPeriodEnd(),
                opt(r.getCanceledAt()), opt(r.getPausedAt()));
    }
}
