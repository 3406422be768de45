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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.cityos.core.TenantContext;
import org.cityos.core.internal.Db;
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

    /** The vendors that have a payout at {@code runAt} already (at most one per vendor and run time). */
    public static Set<UUID> vendorsPaidAt(DSLContext tx, TenantContext ctx, OffsetDateTime runAt) {
        return new HashSet<>(tx.select(MKT_PAYOUT.VENDOR_ID).from(MKT_PAYOUT)
                .where(MKT_PAYOUT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT.RUN_AT.eq(runAt))
                .fetch(MKT_PAYOUT.VENDOR_ID));
    }

    /** A new {@code pending} payout of the vendor's whole available balance, not yet written. */
    public static MktPayoutRecord pending(TenantContext ctx, UUID id, Row vendor, String currency, OffsetDateTime runAt,
                                          String key, PayoutOrigin origin, OffsetDateTime now) {
        MktPayoutRecord r = new MktPayoutRecord();
        r.setTenantId(ctx.tenant().value());
        r.setId(id);
        r.setVendorId(vendor.balance().vendor().value());
        r.setAmount(vendor.balance().available());
        r.setCurrency(currency);
        r.setStatus(PayoutStatus.PENDING.name());
        r.setRunAt(runAt);
        r.setIdempotencyKey(key);
        r.setProvider(vendor.provider().orElseThrow());
        r.setExternalAccountId(vendor.externalAccountId().orElseThrow());
        r.setOrigin(origin.name());
        r.setAttempts(0);
        r.setCreatedAt(now);
        r.setUpdatedAt(now);
        return r;
    }

    /** Writes the tenant's new payouts with one JDBC batch ({@code Db.insertAll}). */
    public static void insertAll(DSLContext tx, TenantContext ctx, List<MktPayoutRecord> rows) {
        Db.insertAll(tx, MKT_PAYOUT, ctx.tenant().value(), rows);
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

    /** Locks those of {@code ids} that are still in flight, oldest first (the order of {@link #inFlight}). */
    public static List<MktPayoutRecord> lockInFlight(DSLContext tx, TenantContext ctx, Collection<UUID> ids) {
        return tx.selectFrom(MKT_PAYOUT)
                .where(MKT_PAYOUT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT.ID.in(ids),
                        MKT_PAYOUT.STATUS.in(IN_FLIGHT))
                .orderBy(MKT_PAYOUT.RUN_AT, MKT_PAYOUT.VENDOR_ID, MKT_PAYOUT.ID).forUpdate().fetch();
    }

    /** Marks in-flight payouts {@code processing} and counts one more attempt at the provider for each. */
    public static void startAttempts(DSLContext tx, TenantContext ctx, Collection<UUID> ids, OffsetDateTime now) {
        tx.update(MKT_PAYOUT).set(MKT_PAYOUT.STATUS, PayoutStatus.PROCESSING.name())
                .set(MKT_PAYOUT.ATTEMPTS, MKT_PAYOUT.ATTEMPTS.plus(1)).set(MKT_PAYOUT.UPDATED_AT, now)
                .where(MKT_PAYOUT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT.ID.in(ids),
                        MKT_PAYOUT.STATUS.in(IN_FLIGHT))
                .execute();
    }

    /** A provider's final answer (paid or failed) about one payout, for {@link #settleAll}. */
    public record Settlement(UUID payout, PayoutStatus status, String reference, String failure) {
    }

    /**
     * Settles those of the payouts that are still in flight (locking them first), with one
     * statement whatever their number; returns the ids it settled (the others were settled by
     * another run first). A settlement without a reference keeps the one the payout has.
     */
    public static Set<UUID> settleAll(DSLContext tx, TenantContext ctx, List<Settlement> settlements,
                                      OffsetDateTime now) {
        if (settlements.isEmpty()) {
            return Set.of();
        }
        Set<UUID> open = new HashSet<>();
        for (MktPayoutRecord r : lockInFlight(tx, ctx, settlements.stream().map(Settlement::payout).toList())) {
            open.add(r.getId());
        }
        List<Settlement> todo = settlements.stream().filter(st -> open.contains(st.payout())).toList();
        if (todo.isEmpty()) {
            return open;
        }
        var p = MKT_PAYOUT;
        List<Map.Entry<UUID, String>> statuses = new ArrayList<>();
        List<Map.Entry<UUID, String>> references = new ArrayList<>();
        List<Map.Entry<UUID, String>> failures = new ArrayList<>();
        for (Settlement st : todo) {
            statuses.add(Map.entry(st.payout(), st.status().name()));
            if (st.reference() != null) {
                references.add(Map.entry(st.payout(), st.reference()));
            }
            if (st.failure() != null) {
                failures.add(Map.entry(st.payout(), st.failure()));
            }
        }
        tx.update(p).set(p.STATUS, byId(statuses, p.STATUS, p.STATUS))
                .set(p.PROVIDER_REFERENCE, byId(references, p.PROVIDER_REFERENCE, p.PROVIDER_REFERENCE))
                .set(p.FAILURE_REASON, byId(failures, p.FAILURE_REASON, DSL.inline((String) null, p.FAILURE_REASON)))
                .set(p.UPDATED_AT, now)
                .where(p.TENANT_ID.eq(ctx.tenant().value()), p.ID.in(open), p.STATUS.in(IN_FLIGHT))
                .execute();
        return open;
    }

    /** Records the references of answers that left payouts in flight, with one statement. */
    public static void recordReferences(DSLContext tx, TenantContext ctx, Map<UUID, String> references,
                                        OffsetDateTime now) {
        if (references.isEmpty()) {
            return;
        }
        var p = MKT_PAYOUT;
        tx.update(p).set(p.PROVIDER_REFERENCE, byId(new ArrayList<>(references.entrySet()), p.PROVIDER_REFERENCE,
                        p.PROVIDER_REFERENCE))
                .set(p.UPDATED_AT, now)
                .where(p.TENANT_ID.eq(ctx.tenant().value()), p.ID.in(references.keySet()), p.STATUS.in(IN_FLIGHT))
                .execute();
    }

    /**
     * {@code CASE id WHEN <id> THEN <value> ... ELSE <otherwise> END}: one value per payout in one
     * statement, on H2 and PostgreSQL alike (a JDBC batch costs a statement per row, and
     * {@code UPDATE ... FROM (VALUES ...)} is not portable).
     */
    private static Field<String> byId(List<Map.Entry<UUID, String>> values, Field<String> column, Field<String> otherwise) {
        if (values.isEmpty()) {
            return otherwise;
        }
        var step = DSL.choose(MKT_PAYOUT.ID).when(DSL.val(values.get(0).getKey(), MKT_PAYOUT.ID),
                DSL.val(values.get(0).getValue(), column));
        for (Map.Entry<UUID, String> e : values.subList(1, values.size())) {
            step = step.when(DSL.val(e.getKey(), MKT_PAYOUT.ID), DSL.val(e.getValue(), column));
        }
        return step.else_(otherwise);
    }

    /** The payouts of {@code ids} that the tenant has, by id. */
    public static Map<UUID, Payout> findAll(DSLContext tx, TenantContext ctx, Collection<UUID> ids) {
        Map<UUID, Payout> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (MktPayoutRecord r : tx.selectFrom(MKT_PAYOUT)
                .where(MKT_PAYOUT.TENANT_ID.eq(ctx.tenant().value()), MKT_PAYOUT.ID.in(ids)).fetch()) {
            out.put(r.getId(), map(r));
        }
        return out;
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
