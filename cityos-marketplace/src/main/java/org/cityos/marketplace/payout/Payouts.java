package org.cityos.marketplace.payout;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.core.tenancy.Validate;
import org.cityos.marketplace.PayoutId;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.internal.Market;
import org.cityos.marketplace.internal.MarketSettings;
import org.cityos.marketplace.internal.PayoutRepository;
import org.cityos.marketplace.internal.VendorRepository;
import org.cityos.marketplace.internal.db.tables.records.MktPayoutRecord;
import org.cityos.marketplace.vendor.VendorStatus;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vendor balances and payouts. A payout run pays every active vendor with an active payout
 * account whose available balance is at least {@code max(min_payout, 1)} exactly that balance.
 * Exactly once: each payout is first committed {@code pending} with its idempotency key
 * ({@code payout.created}); then, per payout, it is committed {@code processing} and the
 * {@link PayoutProvider} is asked under that key, outside any transaction; its answer is
 * committed as {@code paid} or {@code failed} ({@code payout.paid}, {@code payout.failed}). Every
 * run asks again about every payout still in flight, under the same key, so a run interrupted
 * anywhere and run again pays each vendor once.
 */
public final class Payouts {
    private static final Logger LOG = LoggerFactory.getLogger(Payouts.class);
    private static final Principal SCHEDULER = Principal.system("payout-schedule");
    private final Market market;

    /** For {@code Marketplace}; hosts get this service from {@code Marketplace.payouts()}. */
    public Payouts(Market market) {
        this.market = market;
    }

    /** Every vendor's balances now, in application order (a vendor user sees only its own vendors). */
    public List<VendorBalance> balances(TenantContext ctx) {
        return market.read(ctx, tx -> {
            market.requireTenant(tx, ctx);
            List<VendorBalance> out = new ArrayList<>();
            for (PayoutRepository.Row r : PayoutRepository.balances(tx, ctx, market.now(), null)) {
                if (!Market.isVendorUser(ctx) || isMember(tx, ctx, r.balance().vendor())) {
                    out.add(r.balance());
                }
            }
            return out;
        });
    }

    /** One vendor's balances now; {@code unknown_vendor}, or {@code forbidden} for another vendor's user. */
    public VendorBalance balance(TenantContext ctx, VendorId vendor) {
        Validate.required("vendor id", vendor);
        return market.read(ctx, tx -> {
            VendorRepository.require(tx, ctx, vendor);
            Market.requireVendorAccess(tx, ctx, vendor.value(), "read the balance");
            return PayoutRepository.balances(tx, ctx, market.now(), vendor.value()).get(0).balance();
        });
    }

    /**
     * Runs payouts at the clock's now (see the class description) and returns what it did.
     *
     * @throws CityOsException {@code unknown_tenant}, {@code forbidden} for vendor users
     */
    public PayoutRun run(TenantContext ctx) {
        return run(ctx, PayoutRunListener.NONE);
    }

    /** As {@link #run(TenantContext)}, telling {@code listener} how far it is. */
    public PayoutRun run(TenantContext ctx, PayoutRunListener listener) {
        Validate.required("listener", listener);
        OffsetDateTime runAt = market.now();
        List<Payout> created = market.write(ctx, "payouts.run", "payout_run", runAt, tx -> {
            MarketSettings settings = market.settings(tx, ctx);
            Market.requireOperator(ctx, "run payouts");
            return create(tx, ctx, settings, runAt, PayoutOrigin.RUN);
        });
        return new PayoutRun(runAt, created, deliverInFlight(ctx, listener));
    }

    /**
     * A vendor's on-demand payout request: pays its whole available balance now, through the
     * same exactly-once path as a run, and returns the payout as it stands after the provider's answer.
     *
     * @throws CityOsException {@code unknown_vendor}; {@code forbidden} for another vendor's user;
     *                         {@code vendor_not_active}; {@code invalid_transition} when the vendor
     *                         has no active payout account; {@code invalid_amount} when the
     *                         available balance is below {@code max(min_payout, 1)}
     */
    public Payout request(TenantContext ctx, VendorId vendor) {
        Validate.required("vendor id", vendor);
        OffsetDateTime runAt = market.now();
        Payout created = market.write(ctx, "payout.requested", "vendor", vendor, tx -> {
            MarketSettings settings = market.settings(tx, ctx);
            VendorRepository.lock(tx, ctx, vendor);
            Market.requireVendorAccess(tx, ctx, vendor.value(), "request payouts");
            PayoutRepository.Row r = PayoutRepository.balances(tx, ctx, runAt, vendor.value()).get(0);
            VendorBalance b = r.balance();
            if (b.status() != VendorStatus.ACTIVE) {
                throw new CityOsException(ErrorCode.VENDOR_NOT_ACTIVE, "vendor " + Values.quote(b.handle()) + " is "
                        + b.status().wire() + ", not active: it accrues but is not paid");
            }
            if (!r.payable()) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "vendor " + Values.quote(b.handle())
                        + " has " + r.accountStatus().map(s -> "a " + s.wire() + " payout account").orElse("no payout account")
                        + ": only an active account is paid");
            }
            long threshold = Math.max(settings.minPayout(), 1);
            if (b.available() < threshold) {
                throw new CityOsException(ErrorCode.INVALID_AMOUNT, "available balance " + b.available()
                        + " of vendor " + Values.quote(b.handle()) + " is below the minimum payout " + threshold);
            }
            if (PayoutRepository.paidAt(tx, ctx, vendor.value(), runAt)) {
                throw CityOsException.conflict("vendor " + Values.quote(b.handle()) + " already has a payout at " + runAt);
            }
            return insert(tx, ctx, settings, r, runAt, PayoutOrigin.REQUEST);
        });
        return deliver(ctx, created.id().value());
    }

    /**
     * Runs every tenant's payout schedule (tenant setting {@code payout_schedule}, see
     * {@link PayoutSchedule}) that is due at {@code now}: for each, claims the slot and runs
     * payouts in one transaction, so that two schedulers calling at once run a slot once. A
     * tenant whose run fails is logged and skipped; the others still run. Meant for a job queue
     * that calls it every few minutes.
     */
    public List<ScheduledRun> runDueSchedules(Instant now) {
        Validate.required("now", now);
        List<ScheduledRun> out = new ArrayList<>();
        for (Market.TenantRow t : market.tenants()) {
            if (!"ACTIVE".equalsIgnoreCase(t.status())) {
                continue;
            }
            try {
                PayoutSchedule schedule = MarketSettings.of(t.settings(), t.currency()).payoutSchedule();
                TenantContext ctx = TenantContext.of(t.id(), SCHEDULER);
                runSchedule(ctx, schedule, t.zone(), now).ifPresent(r -> out.add(r));
            } catch (RuntimeException e) {
                LOG.warn("scheduled payouts of tenant {} failed: {}", t.id(), Values.neutralise(String.valueOf(e.getMessage())));
            }
        }
        return out;
    }

    private Optional<ScheduledRun> runSchedule(TenantContext ctx, PayoutSchedule schedule, java.time.ZoneId zone,
                                               Instant now) {
        Optional<Instant> last = market.read(ctx, tx -> PayoutRepository.lastScheduledSlot(tx, ctx))
                .map(OffsetDateTime::toInstant);
        if (!schedule.isDue(now, zone, last)) {
            return Optional.empty();
        }
        Instant slot = schedule.lastSlot(now, zone).orElseThrow();
        OffsetDateTime slotAt = OffsetDateTime.ofInstant(slot, ZoneOffset.UTC);
        OffsetDateTime runAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        List<Payout> created;
        try {
            created = market.write(ctx, "payouts.scheduled_run", "payout_run", slotAt, tx -> {
                MarketSettings settings = market.settings(tx, ctx);
                PayoutRepository.lockVendors(tx, ctx);
                if (PayoutRepository.slotClaimed(tx, ctx, slotAt)) {
                    return null;
                }
                PayoutRepository.claimSlot(tx, ctx, slotAt, market.now());
                return create(tx, ctx, settings, runAt, PayoutOrigin.SCHEDULE);
            });
        } catch (RuntimeException e) {
            if (Market.isUniqueViolation(e)) {
                return Optional.empty(); // another scheduler claimed the slot first
            }
            throw e;
        }
        if (created == null) {
            return Optional.empty();
        }
        return Optional.of(new ScheduledRun(ctx.tenant(), slot, new PayoutRun(runAt, created,
                deliverInFlight(ctx, PayoutRunListener.NONE))));
    }

    /** Creates the payouts of one run at {@code runAt} in the caller's transaction: one per eligible vendor. */
    private List<Payout> create(DSLContext tx, TenantContext ctx, MarketSettings settings, OffsetDateTime runAt,
                                PayoutOrigin origin) {
        PayoutRepository.lockVendors(tx, ctx);
        long threshold = Math.max(settings.minPayout(), 1);
        List<Payout> out = new ArrayList<>();
        for (PayoutRepository.Row r : PayoutRepository.balances(tx, ctx, runAt, null)) {
            if (!r.payable() || r.balance().available() < threshold
                    || PayoutRepository.paidAt(tx, ctx, r.balance().vendor().value(), runAt)) {
                continue;
            }
            out.add(insert(tx, ctx, settings, r, runAt, origin));
        }
        return out;
    }

    private Payout insert(DSLContext tx, TenantContext ctx, MarketSettings settings, PayoutRepository.Row r,
                          OffsetDateTime runAt, PayoutOrigin origin) {
        UUID id = market.newId();
        String key = idempotencyKey(id);
        PayoutRepository.insert(tx, ctx, id, r.balance().vendor().value(), r.balance().available(), settings.currency(),
                runAt, key, r.provider().orElseThrow(), r.externalAccountId().orElseThrow(), origin, market.now());
        Payout p = PayoutRepository.find(tx, ctx, id).orElseThrow();
        market.applied(tx, ctx, "payout.created", "payout", id, null, p);
        market.publish(tx, ctx, "payout.created", "payout", id, payload(p));
        return p;
    }

    /** The idempotency key of a payout: fixed when the payout is created, 50 characters, never reused. */
    static String idempotencyKey(UUID payout) {
        return "cityos-payout-" + payout;
    }

    private List<Payout> deliverInFlight(TenantContext ctx, PayoutRunListener listener) {
        List<UUID> ids = market.read(ctx, tx -> PayoutRepository.inFlight(tx, ctx));
        List<Payout> settled = new ArrayList<>();
        int done = 0;
        for (UUID id : ids) {
            settled.add(deliver(ctx, id));
            listener.progress(++done, ids.size());
        }
        return settled;
    }

    /**
     * Hands one payout to the provider: commits it {@code processing}, asks the provider under its
     * key outside any transaction, then commits the answer. A provider that throws leaves it
     * {@code processing}, asked again on the next run.
     */
    private Payout deliver(TenantContext ctx, UUID id) {
        MktPayoutRecord p = market.write(ctx, "payout.processing", "payout", id, tx -> {
            MktPayoutRecord row = PayoutRepository.lock(tx, ctx, id).orElseThrow();
            if (!PayoutStatus.valueOf(row.getStatus()).inFlight()) {
                return null;
            }
            PayoutRepository.startAttempt(tx, ctx, id, market.now());
            if (PayoutStatus.PENDING.name().equals(row.getStatus())) {
                market.applied(tx, ctx, "payout.processing", "payout", id, Map.of("status", "pending"),
                        Map.of("status", "processing"));
            }
            return row;
        });
        if (p == null) {
            return market.read(ctx, tx -> PayoutRepository.find(tx, ctx, id).orElseThrow());
        }
        PayoutInstruction instruction = new PayoutInstruction(ctx.tenant(), new PayoutId(p.getId()),
                new VendorId(p.getVendorId()), p.getProvider(), p.getExternalAccountId(), p.getAmount(),
                p.getCurrency(), p.getIdempotencyKey());
        PayoutResult result;
        try {
            result = market.payoutProvider().pay(instruction);
        } catch (RuntimeException e) {
            LOG.warn("payout {} of tenant {}: the provider failed ({}); it stays processing and is asked again next run",
                    p.getId(), ctx.tenant(), Values.neutralise(String.valueOf(e.getMessage())));
            return market.read(ctx, tx -> PayoutRepository.find(tx, ctx, id).orElseThrow());
        }
        PayoutResult answer = result == null ? PayoutResult.pending(null) : result;
        Payout after = market.write(ctx, "payout.settled", "payout", id, tx -> apply(tx, ctx, id, answer));
        if (!answer.status().inFlight() && after.status() == answer.status()) {
            market.countSettled(after.status());
        }
        return after;
    }

    /**
     * Records a provider's outcome for a payout in flight (a manual payout done, a provider's
     * webhook); {@code invalid_transition} when it is no longer in flight, {@code not_found} for an
     * unknown payout.
     */
    public Payout settle(TenantContext ctx, PayoutId id, PayoutResult result) {
        Validate.required("payout id", id);
        Validate.required("result", result);
        if (result.status().inFlight()) {
            throw CityOsException.invalid("payout result", result.status().wire(), "settles nothing: give paid or failed");
        }
        Payout settled = market.write(ctx, "payout.settled", "payout", id, tx -> {
            market.requireTenant(tx, ctx);
            Market.requireOperator(ctx, "settle payouts");
            MktPayoutRecord p = PayoutRepository.lock(tx, ctx, id.value())
                    .orElseThrow(() -> CityOsException.notFound("payout", id));
            if (!PayoutStatus.valueOf(p.getStatus()).inFlight()) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "payout " + id + " is "
                        + p.getStatus().toLowerCase() + " and cannot become " + result.status().wire());
            }
            return apply(tx, ctx, id.value(), result);
        });
        market.countSettled(settled.status());
        return settled;
    }

    private Payout apply(DSLContext tx, TenantContext ctx, UUID id, PayoutResult result) {
        OffsetDateTime now = market.now();
        if (result.status().inFlight()) {
            result.reference().ifPresent(ref -> PayoutRepository.recordReference(tx, ctx, id, ref, now));
            return PayoutRepository.find(tx, ctx, id).orElseThrow();
        }
        Payout before = PayoutRepository.find(tx, ctx, id).orElseThrow();
        boolean changed = PayoutRepository.settle(tx, ctx, id, result.status(), result.reference().orElse(null),
                result.failureReason().map(Values::neutralise).orElse(null), now);
        Payout after = PayoutRepository.find(tx, ctx, id).orElseThrow();
        if (changed) {
            market.applied(tx, ctx, "payout." + result.status().wire(), "payout", id,
                    Map.of("status", before.status().wire()), Map.of("status", after.status().wire()));
            market.publish(tx, ctx, "payout." + result.status().wire(), "payout", id, payload(after));
        }
        return after;
    }

    /**
     * Records money taken back from a paid payout (a transfer reversal after a refund): the amount
     * returns to the vendor's available balance, where it offsets the refund. Publishes
     * {@code payout.reversed}.
     *
     * @throws CityOsException {@code not_found}; {@code invalid_transition} unless the payout is
     *                         paid; {@code invalid_amount} when not positive or above what is left
     *                         of the payout after earlier reversals
     */
    public PayoutReversal recordReversal(TenantContext ctx, PayoutId id, long amount, Optional<String> reference) {
        Validate.required("payout id", id);
        Validate.required("reference", reference);
        return market.write(ctx, "payout.reversed", "payout", id, tx -> {
            market.requireTenant(tx, ctx);
            Market.requireOperator(ctx, "reverse payouts");
            MktPayoutRecord p = PayoutRepository.lock(tx, ctx, id.value())
                    .orElseThrow(() -> CityOsException.notFound("payout", id));
            if (!PayoutStatus.PAID.name().equals(p.getStatus())) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "payout " + id + " is "
                        + p.getStatus().toLowerCase() + "; only a paid payout can be reversed");
            }
            long left = p.getAmount() - PayoutRepository.reversed(tx, ctx, id.value());
            if (amount <= 0 || amount > left) {
                throw new CityOsException(ErrorCode.INVALID_AMOUNT, "reversal " + amount + " of payout " + id
                        + " must be 1.." + left);
            }
            UUID rid = market.newId();
            PayoutRepository.insertReversal(tx, ctx, rid, id.value(), p.getVendorId(), amount, reference.orElse(null),
                    market.now());
            PayoutReversal r = new PayoutReversal(rid, id, new VendorId(p.getVendorId()), amount, reference);
            market.applied(tx, ctx, "payout.reversed", "payout", id, null, r);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("payoutId", id.toString());
            payload.put("vendorId", p.getVendorId().toString());
            payload.put("amount", amount);
            payload.put("reference", reference.orElse(null));
            market.publish(tx, ctx, "payout.reversed", "payout", id, payload);
            return r;
        });
    }

    /** The tenant's payouts by run time, then vendor application order (a vendor user sees only its own). */
    public List<Payout> list(TenantContext ctx) {
        return market.read(ctx, tx -> {
            List<Payout> all = PayoutRepository.list(tx, ctx, null);
            if (!Market.isVendorUser(ctx)) {
                return all;
            }
            List<Payout> mine = new ArrayList<>();
            for (Payout p : all) {
                if (isMember(tx, ctx, p.vendor())) {
                    mine.add(p);
                }
            }
            return mine;
        });
    }

    /** One vendor's payouts by run time; {@code unknown_vendor} or {@code forbidden}. */
    public List<Payout> ofVendor(TenantContext ctx, VendorId vendor) {
        return market.read(ctx, tx -> {
            VendorRepository.require(tx, ctx, vendor);
            Market.requireVendorAccess(tx, ctx, vendor.value(), "read the payouts");
            return PayoutRepository.list(tx, ctx, vendor.value());
        });
    }

    /** The payout, if the tenant has it (a vendor user: only its own vendors' payouts). */
    public Optional<Payout> get(TenantContext ctx, PayoutId id) {
        return market.read(ctx, tx -> PayoutRepository.find(tx, ctx, id.value())
                .filter(p -> !Market.isVendorUser(ctx) || isMember(tx, ctx, p.vendor())));
    }

    private static boolean isMember(DSLContext tx, TenantContext ctx, VendorId vendor) {
        try {
            Market.requireVendorAccess(tx, ctx, vendor.value(), "read");
            return true;
        } catch (CityOsException e) {
            return false;
        }
    }

    private static Map<String, Object> payload(Payout p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("payoutId", p.id().toString());
        m.put("vendorId", p.vendor().toString());
        m.put("amount", p.amount());
        m.put("currency", p.currency());
        m.put("status", p.status().wire());
        m.put("origin", p.origin().wire());
        m.put("runAt", p.runAt().toInstant().toString());
        m.put("idempotencyKey", p.idempotencyKey());
        p.failureReason().ifPresent(r -> m.put("failureReason", r));
        return m;
    }
}
