package org.cityos.marketplace.payout;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.core.audit.AuditLog;
import org.cityos.core.event.NewEvent;
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
 * Exactly once: the run's payouts are first committed {@code pending} with their idempotency keys
 * ({@code payout.created}), all in one transaction; then, batch by batch
 * ({@code Marketplace.Builder.payoutBatch}), a batch is committed {@code processing}, the
 * {@link PayoutProvider} is asked about each of its payouts under its key, outside any transaction,
 * and the batch's answers are committed together as {@code paid} or {@code failed}
 * ({@code payout.paid}, {@code payout.failed}). Every run asks again about every payout still in
 * flight, under the same key, so a run interrupted anywhere (even inside a batch, after some of
 * its payouts were paid) and run again pays each vendor once.
 */
public final class Payouts {
    private static final Logger LOG = LoggerFactory.getLogger(Payouts.class);
    private static final Principal SCHEDULER = Principal.system("payout-schedule");
    /** How many payouts a run writes (and reads back, audits and announces) at a time while it creates them. */
    private static final int ROWS_PER_STEP = 500;
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
            if (PayoutRepository.vendorsPaidAt(tx, ctx, runAt).contains(vendor.value())) {
                throw CityOsException.conflict("vendor " + Values.quote(b.handle()) + " already has a payout at " + runAt);
            }
            return insert(tx, ctx, settings, List.of(r), runAt, PayoutOrigin.REQUEST).get(0);
        });
        return deliver(ctx, List.of(created.id().value()), new Progress(PayoutRunListener.NONE, 1)).get(0);
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
        Set<UUID> paidAtRun = PayoutRepository.vendorsPaidAt(tx, ctx, runAt);
        List<PayoutRepository.Row> due = new ArrayList<>();
        for (PayoutRepository.Row r : PayoutRepository.balances(tx, ctx, runAt, null)) {
            if (r.payable() && r.balance().available() >= threshold && !paidAtRun.contains(r.balance().vendor().value())) {
                due.add(r);
            }
        }
        return insert(tx, ctx, settings, due, runAt, origin);
    }

    /**
     * Writes a {@code pending} payout of each vendor's available balance in the caller's
     * transaction, with its audit row and {@code payout.created}, {@value #ROWS_PER_STEP} payouts at a time.
     */
    private List<Payout> insert(DSLContext tx, TenantContext ctx, MarketSettings settings, List<PayoutRepository.Row> due,
                                OffsetDateTime runAt, PayoutOrigin origin) {
        List<Payout> out = new ArrayList<>(due.size());
        OffsetDateTime now = market.now();
        for (int from = 0; from < due.size(); from += ROWS_PER_STEP) {
            List<MktPayoutRecord> rows = new ArrayList<>();
            for (PayoutRepository.Row r : due.subList(from, Math.min(due.size(), from + ROWS_PER_STEP))) {
                UUID id = market.newId();
                rows.add(PayoutRepository.pending(ctx, id, r, settings.currency(), runAt, idempotencyKey(id), origin, now));
            }
            PayoutRepository.insertAll(tx, ctx, rows);
            // read back as stored (the database keeps timestamps to the microsecond)
            Map<UUID, Payout> stored = PayoutRepository.findAll(tx, ctx, rows.stream().map(MktPayoutRecord::getId).toList());
            List<AuditLog.Change> audit = new ArrayList<>(rows.size());
            List<NewEvent> events = new ArrayList<>(rows.size());
            for (MktPayoutRecord row : rows) {
                Payout p = stored.get(row.getId());
                audit.add(new AuditLog.Change("payout.created", "payout", p.id(), null, p));
                events.add(new NewEvent("payout.created", "payout", p.id().toString(), payload(p)));
                out.add(p);
            }
            market.appliedAll(tx, ctx, audit);
            market.publishAll(tx, ctx, events);
        }
        return out;
    }

    /** The idempotency key of a payout: fixed when the payout is created, 50 characters, never reused. */
    static String idempotencyKey(UUID payout) {
        return "cityos-payout-" + payout;
    }

    /** Counts payouts asked about for a {@link PayoutRunListener}. */
    private static final class Progress {
        private final PayoutRunListener listener;
        private final int total;
        private int done;

        Progress(PayoutRunListener listener, int total) {
            this.listener = listener;
            this.total = total;
        }

        void step() {
            listener.progress(++done, total);
        }
    }

    /** Asks the provider about every payout of the tenant in flight, oldest first, one batch at a time. */
    private List<Payout> deliverInFlight(TenantContext ctx, PayoutRunListener listener) {
        List<UUID> ids = market.read(ctx, tx -> PayoutRepository.inFlight(tx, ctx));
        List<Payout> settled = new ArrayList<>(ids.size());
        Progress progress = new Progress(listener, ids.size());
        for (int from = 0; from < ids.size(); from += market.payoutBatch()) {
            settled.addAll(deliver(ctx, ids.subList(from, Math.min(ids.size(), from + market.payoutBatch())), progress));
        }
        return settled;
    }

    /**
     * Hands one batch of payouts to the provider: commits those still in flight {@code processing}
     * (counting an attempt each) in one transaction, asks the provider about each under its key
     * outside any transaction, then commits all the answers in one transaction. A provider that
     * throws leaves its payout {@code processing}, asked again on the next run; a process that dies
     * before the answers are committed leaves the whole batch in flight, asked again under the
     * same keys. Returns the payouts of {@code ids}, in that order, as they stand after.
     */
    private List<Payout> deliver(TenantContext ctx, List<UUID> ids, Progress progress) {
        List<MktPayoutRecord> started = market.write(ctx, "payout.processing", "payout", null, tx -> {
            List<MktPayoutRecord> rows = PayoutRepository.lockInFlight(tx, ctx, ids);
            if (rows.isEmpty()) {
                return rows;
            }
            PayoutRepository.startAttempts(tx, ctx, rows.stream().map(MktPayoutRecord::getId).toList(), market.now());
            List<AuditLog.Change> audit = new ArrayList<>();
            for (MktPayoutRecord row : rows) {
                if (PayoutStatus.PENDING.name().equals(row.getStatus())) {
                    audit.add(new AuditLog.Change("payout.processing", "payout", row.getId(),
                            Map.of("status", "pending"), Map.of("status", "processing")));
                }
            }
            market.appliedAll(tx, ctx, audit);
            return rows;
        });
        List<Answer> answers = new ArrayList<>(started.size());
        for (MktPayoutRecord p : started) {
            PayoutInstruction instruction = new PayoutInstruction(ctx.tenant(), new PayoutId(p.getId()),
                    new VendorId(p.getVendorId()), p.getProvider(), p.getExternalAccountId(), p.getAmount(),
                    p.getCurrency(), p.getIdempotencyKey());
            try {
                PayoutResult result = market.payoutProvider().pay(instruction);
                answers.add(new Answer(p.getId(), PayoutStatus.PROCESSING, result == null ? PayoutResult.pending(null) : result));
            } catch (RuntimeException e) {
                LOG.warn("payout {} of tenant {}: the provider failed ({}); it stays processing and is asked again next run",
                        p.getId(), ctx.tenant(), Values.neutralise(String.valueOf(e.getMessage())));
            }
            progress.step();
        }
        for (int i = started.size(); i < ids.size(); i++) {
            progress.step(); // settled by another run meanwhile: nothing to ask
        }
        if (answers.isEmpty()) {
            return market.read(ctx, tx -> inOrder(ids, PayoutRepository.findAll(tx, ctx, ids)));
        }
        List<Payout> after = market.write(ctx, "payout.settled", "payout", null, tx -> apply(tx, ctx, answers, ids));
        Map<UUID, PayoutStatus> answered = new HashMap<>();
        answers.forEach(a -> answered.put(a.payout(), a.result().status()));
        for (Payout p : after) {
            PayoutStatus status = answered.get(p.id().value());
            if (status != null && !status.inFlight() && p.status() == status) {
                market.countSettled(status); // a final answer that this batch recorded, counted after its commit
            }
        }
        return after;
    }

    /** A provider's answer about a payout that was {@code before} when asked. */
    private record Answer(UUID payout, PayoutStatus before, PayoutResult result) {
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
            PayoutStatus status = PayoutStatus.valueOf(p.getStatus());
            if (!status.inFlight()) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "payout " + id + " is "
                        + p.getStatus().toLowerCase() + " and cannot become " + result.status().wire());
            }
            return apply(tx, ctx, List.of(new Answer(id.value(), status, result)), List.of(id.value())).get(0);
        });
        market.countSettled(settled.status());
        return settled;
    }

    /**
     * Records answers in the caller's transaction: final ones settle their payouts (with audit rows
     * and {@code payout.paid} / {@code payout.failed}) unless another run settled them first; those
     * that leave a payout in flight keep only a reference they carry. Returns the payouts of
     * {@code ids}, in that order, as they stand after.
     */
    private List<Payout> apply(DSLContext tx, TenantContext ctx, List<Answer> answers, List<UUID> ids) {
        OffsetDateTime now = market.now();
        List<Answer> finals = new ArrayList<>();
        List<PayoutRepository.Settlement> settlements = new ArrayList<>();
        Map<UUID, String> references = new LinkedHashMap<>();
        for (Answer a : answers) {
            PayoutResult r = a.result();
            if (r.status().inFlight()) {
                r.reference().ifPresent(ref -> references.put(a.payout(), ref));
            } else {
                finals.add(a);
                settlements.add(new PayoutRepository.Settlement(a.payout(), r.status(), r.reference().orElse(null),
                        r.failureReason().map(Values::neutralise).orElse(null)));
            }
        }
        Set<UUID> changed = PayoutRepository.settleAll(tx, ctx, settlements, now);
        PayoutRepository.recordReferences(tx, ctx, references, now);
        Map<UUID, Payout> after = PayoutRepository.findAll(tx, ctx, ids);
        List<AuditLog.Change> audit = new ArrayList<>();
        List<NewEvent> events = new ArrayList<>();
        for (Answer a : finals) {
            if (changed.contains(a.payout())) {
                Payout p = after.get(a.payout());
                String action = "payout." + p.status().wire();
                audit.add(new AuditLog.Change(action, "payout", a.payout(), Map.of("status", a.before().wire()),
                        Map.of("status", p.status().wire())));
                events.add(new NewEvent(action, "payout", a.payout().toString(), payload(p)));
            }
        }
        market.appliedAll(tx, ctx, audit);
        market.publishAll(tx, ctx, events);
        return inOrder(ids, after);
    }

    private static List<Payout> inOrder(List<UUID> ids, Map<UUID, Payout> byId) {
        List<Payout> out = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            out.add(byId.get(id));
        }
        return out;
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
