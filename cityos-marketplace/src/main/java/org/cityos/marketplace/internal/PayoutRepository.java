package org.cityos.marketplace.internal;

import static org.cityos.marketplace.internal.db.Tables.MKT_PAYOUT;
import static org.cityos.marketplace.internal.db.Tables.MKT_PAYOUT_ACCOUNT;
import static org.cityos.marketplace.internal.db.Tables.MKT_PAYOUT_REVERSAL;
import static org.cityos.marketplace.internal.db.Tables.MKT_PAYOUT_SCHEDULE_RUN;
import static org.cityos.marketplace.internal.db.Tables.MKT_VENDOR;
import static org.cityos.marketplace.internal.db.Tables.MKT_VENDOR_ORDER;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.when;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.TenantContext;
import org.cityos.marketplace.PayoutId;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.internal.db.tables.records.MktPayoutRecord;
import org.cityos.marketplace.order.VendorOrderStatus;
import org.cityos.marketplace.payout.Payout;
import org.cityos.marketplace.payout.PayoutOrigin;
import org.cityos.marketplace.payout.PayoutStatus;
import org.cityos.marketplace.payout.VendorBalance;
import org.cityos.marketplace.vendor.PayoutAccountStatus;
import org.cityos.marketplace.vendor.VendorStatus;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The SQL of balances and payouts (internal). Balances are computed set-based in the database:
 * one grouped pass over vendor orders, one over payouts and one over reversals, joined to the
 * vendors.
 */
public final class PayoutRepository {
    private static final Field<BigDecimal> ZERO = inline(BigDecimal.ZERO);
    private static final List<String> IN_FLIGHT = List.of(PayoutStatus.PENDING.name(), PayoutStatus.PROCESSING.name());

    private PayoutRepository() {
    }

    /** A vendor's balances with what a payout run needs to know about it. */
    public record Row(VendorBalance balance, Optional<String> provider, Optional<String> externalAccountId,
                      Optional<PayoutAccountStatus> accountStatus) {
        /** Whether the vendor is paid now: active, with an active account. */
        public boolean payable() {
            return balance.status() == VendorStatus.ACTIVE && accountStatus.orElse(null) == PayoutAccountStatus.ACTIVE;
        }
    }

    /** Every vendor's balances at {@code now}, in vendor order (optionally one vendor only). */
    public static List<Row> balances(DSLContext tx, TenantContext ctx, OffsetDateTime now, UUID onlyVendor) {
        UUID tenant = ctx.tenant().value();
        var vo = MKT_VENDOR_ORDER;
        Condition released = vo.STATUS.eq(VendorOrderStatus.FULFILLED.name()).and(vo.RELEASED_AT.le(now));
        Condition held = vo.STATUS.eq(VendorOrderStatus.PLACED.name())
                .or(vo.STATUS.eq(VendorOrderStatus.FULFILLED.name()).and(vo.RELEASED_AT.gt(now)));
        Table<?> earned = select(vo.VENDOR_ID,
                sum(when(released, vo.VENDOR_NET).otherwise(inline(0L))).as("released"),
                sum(when(held, vo.VENDOR_NET).otherwise(inline(0L))).as("held"))
                .from(vo).where(vo.TENANT_ID.eq(tenant), vo.VENDOR_ID.isNotNull())
                .and(onlyVendor == null ? DSL.noCondition() : vo.VENDOR_ID.eq(onlyVendor))
                .groupBy(vo.VENDOR_ID).asTable("earned");
        var p = MKT_PAYOUT;
        Table<?> paidOut = select(p.VENDOR_ID,
                sum(when(p.STATUS.in(IN_FLIGHT), p.AMOUNT).otherwise(inline(0L))).as("in_transit"),
                sum(when(p.STATUS.eq(PayoutStatus.PAID.name()), p.AMOUNT).otherwise(inline(0L))).as("paid"))
                .from(p).where(p.TENANT_ID.eq(tenant))
                .and(onlyVendor == null ? DSL.noCondition() : p.VENDOR_ID.eq(onlyVendor))
                .groupBy(p.VENDOR_ID).asTable("paid_out");
        var rv = MKT_PAYOUT_REVERSAL;
        Table<?> reversed = select(rv.VENDOR_ID, sum(rv.AMOUNT).as("reversed"))
                .from(rv).where(rv.TENANT_ID.eq(tenant))
                .and(onlyVendor == null ? DSL.noCondition() : rv.VENDOR_ID.eq(onlyVendor))
                .groupBy(rv.VENDOR_ID).asTable("reversed");
        var acct = MKT_PAYOUT_ACCOUNT;
        var v = MKT_VENDOR;
        Field<BigDecimal> inTransit = coalesce(paidOut.field("in_transit", BigDecimal.class), ZERO);
        Field<BigDecimal> paidGross = coalesce(paidOut.field("paid", BigDecimal.class), ZERO);
        Field<BigDecimal> reversal = coalesce(reversed.field("reversed", BigDecimal.class), ZERO);
        Field<BigDecimal> available = coalesce(earned.field("released", BigDecimal.class), ZERO)
                .minus(inTransit).minus(paidGross).plus(reversal).as("available");
        Field<BigDecimal> pending = coalesce(earned.field("held", BigDecimal.class), ZERO).as("pending");
        Field<BigDecimal> paid = paidGross.minus(reversal).as("paid");
        Field<BigDecimal> transit = inTransit.as("in_transit_total");
        return tx.select(v.ID, v.HANDLE, v.STATUS, pending, available, paid, transit, acct.PROVIDER,
                        acct.EXTERNAL_ACCOUNT_ID, acct.STATUS)
                .from(v)
                .leftJoin(earned).on(earned.field(vo.VENDOR_ID).eq(v.ID))
                .leftJoin(paidOut).on(paidOut.field(p.VENDOR_ID).eq(v.ID))
                .leftJoin(reversed).on(reversed.field(rv.VENDOR_ID).eq(v.ID))
                .leftJoin(acct).on(acct.TENANT_ID.eq(v.TENANT_ID), acct.VENDOR_ID.eq(v.ID))
                .where(v.TENANT_ID.eq(tenant))
                .and(onlyVendor == null ? DSL.noCondition() : v.ID.eq(onlyVendor))
                .orderBy(v.ID)
                .fetch(r -> new Row(new VendorBalance(new VendorId(r.get(v.ID)), r.get(v.HANDLE),
                        VendorStatus.valueOf(r.get(v.STATUS)), amount(r, pending), amount(r, available), amount(r, paid),
                        amount(r, transit)),
                        Optional.ofNullable(r.get(acct.PROVIDER)), Optional.ofNullable(r.get(acct.EXTERNAL_ACCOUNT_ID)),
                        Optional.ofNullable(r.get(acct.STATUS)).map(PayoutAccountStatus::valueOf)));
    }

    private static long amount(Record r, Field<BigDecimal> f) {
        BigDecimal v = r.get(f);
        return v == null ? 0 : v.longValueExact();
    }

    /** Locks the tenant's vendor rows, so that payout runs of one tenant take turns. */
    public static void lockVendors(DSLContext tx, TenantContext ctx) {
        tx.select(MKT_VENDOR.ID).from(MKT_VENDOR).where(MKT_VENDOR.TENANT_ID.eq(ctx.tenant().value())).forUpdate().fetch();
    }

    public static boolean paidAt(DSLContext tx, TenantContext ctx, UUID vendor, OffsetDateTime runAt) {
        return tx.fetchExists(selectOne().from(MKT_PAYOUT).where(MKT_PAYOUT.TENANT_ID.eq(ctx.tenant().value()),
                MKT_PAYOUT.VENDOR_ID.eq(vendor), MKT_PAYOUT.RUN_AT.eq(runAt)));
    }

    public static void insert(DSLContext tx, TenantContext ctx, UUID id, UUID vendor, long amount, String currency,
                              OffsetDateTime runAt, String key, String provider, String account, PayoutOrigin origin,
                              OffsetDateTime now) {
        tx.insertInto(MKT_PAYOUT).set(MKT_PAYOUT.TENANT_ID, ctx.tenant().value()).set(MKT_PAYOUT.ID, id)
                .set(MKT_PAYOUT.VENDOR_ID, vendor).set(MKT_PAYOUT.AMOUNT, amount).set(MKT_PAYOUT.CURRENCY, currency)
                .set(MKT_PAYOUT.STATUS, PayoutStatus.PENDING.name()).set(MKT_PAYOUT.RUN_AT, runAt)
                .set(MKT_PAYOUT.IDEMPOTENCY_KEY, key).set(MKT_PAYOUT.PROVIDER, provider)
                .set(MKT_PAYOUT.EXTERNAL_ACCOUNT_ID, account).set(MKT_PAYOUT.ORIGIN, origin.name())
                .set(MKT_PAYOUT.ATTEMPTS, 0)
                .set(MKT_PAYOUT.CREATED_AT, now).set(MKT_PAYOUT.UPDATED_AT, now).execute();
    }

    /** The ids of the tenant's payouts in flight (pending or processing), oldest first. */
    public static List<UUID> inFlight(DSLContext tx, TenantContext ctx) {
        return tx.select(MKT_PAYOUT.ID).from(MKT_PAYOUT)
                .where(MKT_PAYOUT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT.STATUS.in(IN_FLIGHT))
                .orderBy(MKT_PAYOUT.RUN_AT, MKT_PAYOUT.VENDOR_ID, MKT_PAYOUT.ID).fetch(MKT_PAYOUT.ID);
    }

    public static Optional<MktPayoutRecord> lock(DSLContext tx, TenantContext ctx, UUID id) {
        return tx.selectFrom(MKT_PAYOUT).where(MKT_PAYOUT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT.ID.eq(id))
                .forUpdate().fetchOptional();
    }

    /** Marks an in-flight payout {@code processing} and counts one more attempt at the provider. */
    public static void startAttempt(DSLContext tx, TenantContext ctx, UUID id, OffsetDateTime now) {
        tx.update(MKT_PAYOUT).set(MKT_PAYOUT.STATUS, PayoutStatus.PROCESSING.name())
                .set(MKT_PAYOUT.ATTEMPTS, MKT_PAYOUT.ATTEMPTS.plus(1)).set(MKT_PAYOUT.UPDATED_AT, now)
                .where(MKT_PAYOUT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT.ID.eq(id),
                        MKT_PAYOUT.STATUS.in(IN_FLIGHT))
                .execute();
    }

    /** Settles an in-flight payout; false when it was no longer in flight (another run settled it). */
    public static boolean settle(DSLContext tx, TenantContext ctx, UUID id, PayoutStatus status, String reference,
                                 String failure, OffsetDateTime now) {
        return tx.update(MKT_PAYOUT).set(MKT_PAYOUT.STATUS, status.name())
                .set(MKT_PAYOUT.PROVIDER_REFERENCE, coalesce(DSL.val(reference, MKT_PAYOUT.PROVIDER_REFERENCE),
                        MKT_PAYOUT.PROVIDER_REFERENCE))
                .set(MKT_PAYOUT.FAILURE_REASON, failure)
                .set(MKT_PAYOUT.UPDATED_AT, now)
                .where(MKT_PAYOUT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT.ID.eq(id),
                        MKT_PAYOUT.STATUS.in(IN_FLIGHT))
                .execute() == 1;
    }

    public static void recordReference(DSLContext tx, TenantContext ctx, UUID id, String reference, OffsetDateTime now) {
        tx.update(MKT_PAYOUT).set(MKT_PAYOUT.PROVIDER_REFERENCE, reference).set(MKT_PAYOUT.UPDATED_AT, now)
                .where(MKT_PAYOUT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT.ID.eq(id),
                        MKT_PAYOUT.STATUS.in(IN_FLIGHT))
                .execute();
    }

    /** The tenant's payouts by run time, then vendor (application order), optionally of one vendor. */
    public static List<Payout> list(DSLContext tx, TenantContext ctx, UUID vendor) {
        return tx.selectFrom(MKT_PAYOUT).where(MKT_PAYOUT.TENANT_ID.eq(ctx.tenant().value()))
                .and(vendor == null ? DSL.noCondition() : MKT_PAYOUT.VENDOR_ID.eq(vendor))
                .orderBy(MKT_PAYOUT.RUN_AT, MKT_PAYOUT.VENDOR_ID, MKT_PAYOUT.ID).fetch(PayoutRepository::map);
    }

    public static Optional<Payout> find(DSLContext tx, TenantContext ctx, UUID id) {
        return tx.selectFrom(MKT_PAYOUT).where(MKT_PAYOUT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT.ID.eq(id))
                .fetchOptional(PayoutRepository::map);
    }

    /** The sum of reversals recorded against a payout. */
    public static long reversed(DSLContext tx, TenantContext ctx, UUID payout) {
        BigDecimal s = tx.select(sum(MKT_PAYOUT_REVERSAL.AMOUNT)).from(MKT_PAYOUT_REVERSAL)
                .where(MKT_PAYOUT_REVERSAL.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT_REVERSAL.PAYOUT_ID.eq(payout))
                .fetchOne(0, BigDecimal.class);
        return s == null ? 0 : s.longValueExact();
    }

    public static void insertReversal(DSLContext tx, TenantContext ctx, UUID id, UUID payout, UUID vendor, long amount,
                                      String reference, OffsetDateTime now) {
        tx.insertInto(MKT_PAYOUT_REVERSAL).set(MKT_PAYOUT_REVERSAL.TENANT_ID, ctx.tenant().value())
                .set(MKT_PAYOUT_REVERSAL.ID, id).set(MKT_PAYOUT_REVERSAL.PAYOUT_ID, payout)
                .set(MKT_PAYOUT_REVERSAL.VENDOR_ID, vendor).set(MKT_PAYOUT_REVERSAL.AMOUNT, amount)
                .set(MKT_PAYOUT_REVERSAL.PROVIDER_REFERENCE, reference).set(MKT_PAYOUT_REVERSAL.CREATED_AT, now)
                .execute();
    }

    /** The latest scheduled slot the tenant has run, if any. */
    public static Optional<OffsetDateTime> lastScheduledSlot(DSLContext tx, TenantContext ctx) {
        return Optional.ofNullable(tx.select(max(MKT_PAYOUT_SCHEDULE_RUN.SLOT_AT)).from(MKT_PAYOUT_SCHEDULE_RUN)
                .where(MKT_PAYOUT_SCHEDULE_RUN.TENANT_ID.eq(ctx.tenant().value())).fetchOne(0, OffsetDateTime.class));
    }

    /** Claims a scheduled slot; a second claim of the same slot fails on the primary key. */
    public static void claimSlot(DSLContext tx, TenantContext ctx, OffsetDateTime slot, OffsetDateTime now) {
        tx.insertInto(MKT_PAYOUT_SCHEDULE_RUN).set(MKT_PAYOUT_SCHEDULE_RUN.TENANT_ID, ctx.tenant().value())
                .set(MKT_PAYOUT_SCHEDULE_RUN.SLOT_AT, slot).set(MKT_PAYOUT_SCHEDULE_RUN.STARTED_AT, now).execute();
    }

    public static boolean slotClaimed(DSLContext tx, TenantContext ctx, OffsetDateTime slot) {
        return tx.fetchExists(selectOne().from(MKT_PAYOUT_SCHEDULE_RUN).where(
                MKT_PAYOUT_SCHEDULE_RUN.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT_SCHEDULE_RUN.SLOT_AT.eq(slot)));
    }

    public static Payout map(MktPayoutRecord r) {
        return new Payout(new PayoutId(r.getId()), new VendorId(r.getVendorId()), r.getAmount(), r.getCurrency(),
                PayoutStatus.valueOf(r.getStatus()), r.getRunAt(), r.getIdempotencyKey(), r.getProvider(),
                Optional.ofNullable(r.getProviderReference()), Optional.ofNullable(r.getFailureReason()),
                PayoutOrigin.valueOf(r.getOrigin()), r.getAttempts());
    }
}
