package org.cityos.billing.internal;

import static org.cityos.billing.internal.Rows.inst;
import static org.cityos.billing.internal.Rows.odt;
import static org.cityos.billing.internal.db.Tables.BILLING_PAYMENT_ATTEMPT;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.cityos.billing.CustomerId;
import org.cityos.billing.InvoiceId;
import org.cityos.billing.PlanId;
import org.cityos.billing.internal.db.tables.records.BillingCustomerRecord;
import org.cityos.billing.internal.db.tables.records.BillingInvoiceLineRecord;
import org.cityos.billing.internal.db.tables.records.BillingInvoiceRecord;
import org.cityos.billing.internal.db.tables.records.BillingPaymentAttemptRecord;
import org.cityos.billing.internal.db.tables.records.BillingSubscriptionRecord;
import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.invoice.InvoiceKind;
import org.cityos.billing.invoice.InvoiceLine;
import org.cityos.billing.invoice.LineKind;
import org.cityos.billing.payment.ChargeRequest;
import org.cityos.billing.payment.ChargeResult;
import org.cityos.billing.payment.PaymentGateway;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.rules.DunningSchedule;
import org.cityos.billing.rules.Periods;
import org.cityos.billing.run.RunReport;
import org.cityos.billing.subscription.SubscriptionStatus;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.core.audit.AuditLog;
import org.cityos.core.event.Events;
import org.cityos.core.event.NewEvent;
import org.cityos.core.internal.Db;
import org.cityos.core.tenancy.Tenant;
import org.cityos.core.tenancy.Tenants;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The billing engine shared by the services and the runs: advancing due subscriptions, issuing
 * invoices (numbers, credit balance, lines, attempts, events) in the caller's transaction, and
 * collecting through the gateway outside any transaction, then recording the outcome (payment,
 * dunning, exhaustion) in a transaction of its own.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "23505", "HYT00", "90131");

    private final Db db;
    private final Tenants tenants;
    private final AuditLog audit;
    private final Events events;
    private final PaymentGateway gateway;
    private final Duration claimLease;
    private final Duration retryableDelay;

    public Engine(CityOs cityOs, PaymentGateway gateway, Duration claimLease, Duration retryableDelay) {
        this.db = cityOs.db();
        this.tenants = cityOs.tenancy().tenants();
        this.audit = cityOs.audit();
        this.events = cityOs.events();
        this.gateway = gateway;
        this.claimLease = claimLease;
        this.retryableDelay = retryableDelay;
    }

    public Db db() {
        return db;
    }

    public AuditLog audit() {
        return audit;
    }

    public Events events() {
        return events;
    }

    public boolean hasGateway() {
        return gateway != null;
    }

    /** The clock's time in whole seconds: every instant billing stores or computes with. */
    public Instant now() {
        return db.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The tenant's zone, currency and dunning schedule; {@code unknown_tenant} when there is no such tenant. */
    public TenantInfo tenant(TenantContext ctx) {
        Tenant t = tenants.require(ctx.tenant());
        ZoneId zone;
        try {
            zone = ZoneId.of(t.timeZone());
        } catch (java.time.DateTimeException e) {
            throw new CityOsException(ErrorCode.CONFIGURATION, "time zone " + Values.quote(t.timeZone())
                    + " of tenant " + t.id() + " is not a zone id");
        }
        return new TenantInfo(t.id(), zone, t.currency(), DunningSchedule.fromSettings(t.settings()));
    }

    /**
     * Runs {@code work} in a tenant transaction, again (up to five times) when it lost a race to a
     * concurrent transaction: a lock timeout, a deadlock, a serialization failure, a unique key
     * another run filled first, or a row changed under it. Each try starts from what is committed.
     */
    public <T> T retrying(TenantContext ctx, Function<DSLContext, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return db.tenant(ctx, work);
            } catch (RuntimeException e) {
                if (attempt >= 5 || !isTransient(e)) {
                    throw e;
                }
                LOG.debug("retrying a billing transaction after a concurrent change ({})", e.toString());
                try {
                    Thread.sleep(5L * attempt + (long) (Math.random() * 10));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LostRace) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && TRANSIENT_STATES.contains(s.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ drafts and issuing

    /** One line of an invoice to be issued. */
    public record LineDraft(LineKind kind, String description, PlanId plan, Long quantity, long amount) {
    }

    /** An invoice to be issued for {@code sub}; {@code periodStart} is set for period invoices only. */
    public record InvoiceDraft(BillingSubscriptionRecord sub, InvoiceKind kind, Instant periodStart,
                               Instant serviceStart, Instant serviceEnd, List<LineDraft> lines) {
    }

    /** A claimed attempt to send to the gateway. */
    public record PendingCharge(ChargeRequest request, UUID subscription) {
    }

    /** An issued invoice and, when it must be collected through the gateway, its first attempt. */
    public record Issued(Invoice invoice, Optional<PendingCharge> charge) {
    }

    /** The draft of the period invoice for {@code period} of {@code s} on {@code plan}. */
    public InvoiceDraft periodDraft(BillingSubscriptionRecord s, Plan plan, Periods.Period period) {
        long amount = plan.amount(s.getQuantity());
        return new InvoiceDraft(s, InvoiceKind.PERIOD, period.start(), period.start(), period.end(),
                List.of(new LineDraft(LineKind.PLAN, plan.name() + " x " + s.getQuantity(), plan.id(),
                        s.getQuantity(), amount)));
    }

    /**
     * Issues the drafts in the caller's transaction: reserves their numbers, applies or adds to
     * the customers' credit balances, writes invoices, lines and first attempts, and publishes
     * {@code invoice.issued} (and {@code invoice.paid} for those with nothing due).
     */
    public List<Issued> issue(DSLContext tx, TenantContext ctx, TenantInfo info, List<InvoiceDraft> drafts,
                              Instant now) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        UUID tenant = info.uuid();
        Map<String, BillingCustomerRecord> customers = CustomerStore.findAll(tx, tenant,
                drafts.stream().map(d -> d.sub().getCustomerId()).distinct().toList());
        Map<String, Long> balance = new HashMap<>();
        customers.forEach((k, v) -> balance.put(k, v.getCreditBalance()));
        Map<String, Long> delta = new LinkedHashMap<>();
        long first = InvoiceStore.reserveNumbers(tx, tenant, drafts.size());

        List<BillingInvoiceRecord> invoices = new ArrayList<>(drafts.size());
        List<BillingInvoiceLineRecord> lineRows = new ArrayList<>(drafts.size());
        List<BillingPaymentAttemptRecord> attempts = new ArrayList<>(drafts.size());
        List<Issued> out = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            InvoiceDraft d = drafts.get(i);
            String customer = d.sub().getCustomerId();
            long subtotal = 0;
            for (LineDraft l : d.lines()) {
                subtotal = Math.addExact(subtotal, l.amount());
            }
            List<LineDraft> lines = new ArrayList<>(d.lines());
            long applied = 0;
            if (subtotal > 0) {
                long b = balance.getOrDefault(customer, 0L);
                applied = Math.min(b, subtotal);
                if (applied > 0) {
                    balance.put(customer, b - applied);
                    delta.merge(customer, -applied, Long::sum);
                    lines.add(new LineDraft(LineKind.CREDIT_APPLIED, "Customer credit applied", null, null, -applied));
                }
            } else if (subtotal < 0) {
                balance.merge(customer, -subtotal, Long::sum);
                delta.merge(customer, -subtotal, Long::sum);
            }
            long due = Math.max(0, subtotal - applied);
            UUID id = Ids.next(db.clock());
            long seq = first + i;
            boolean collect = due > 0 && gateway != null;

            BillingInvoiceRecord r = new BillingInvoiceRecord();
            r.setTenantId(tenant);
            r.setId(id);
            r.setSeq(seq);
            r.setInvoiceNumber(InvoiceStore.number(seq));
            r.setCustomerId(customer);
            r.setSubscriptionId(d.sub().getId());
            r.setKind(d.kind().name().toLowerCase(java.util.Locale.ROOT));
            r.setPeriodStart(odt(d.periodStart()));
            r.setServiceStart(odt(d.serviceStart()));
            r.setServiceEnd(odt(d.serviceEnd()));
            r.setCurrency(info.currency());
            r.setSubtotal(subtotal);
            r.setCreditApplied(applied);
            r.setAmountDue(due);
            r.setStatus(due == 0 ? "paid" : "open");
            r.setIssuedAt(odt(now));
            r.setPaidAt(due == 0 ? odt(now) : null);
            r.setClosedAt(due == 0 ? odt(now) : null);
            r.setAttemptCount(collect ? 1 : 0);
            r.setCreatedAt(odt(now));
            r.setUpdatedAt(odt(now));
            invoices.add(r);

            List<InvoiceLine> apiLines = new ArrayList<>(lines.size());
            for (int n = 0; n < lines.size(); n++) {
                LineDraft l = lines.get(n);
                BillingInvoiceLineRecord lr = new BillingInvoiceLineRecord();
                lr.setTenantId(tenant);
                lr.setInvoiceId(id);
                lr.setLineNo(n + 1);
                lr.setKind(l.kind().name().toLowerCase(java.util.Locale.ROOT));
                lr.setDescription(cut(l.description(), 300));
                lr.setPlanId(l.plan() == null ? null : l.plan().value());
                lr.setQuantity(l.quantity());
                lr.setAmount(l.amount());
                lineRows.add(lr);
                apiLines.add(InvoiceStore.toLine(lr));
            }

            Optional<PendingCharge> charge = Optional.empty();
            if (collect) {
                BillingPaymentAttemptRecord a = attempt(tenant, id, 1, due, info.currency(), now);
                attempts.add(a);
                charge = Optional.of(new PendingCharge(request(info, r, 1, customers.get(customer)), d.sub().getId()));
            }
            out.add(new Issued(InvoiceStore.toInvoice(r, apiLines), charge));
        }
        InvoiceStore.insertInvoices(tx, invoices);
        InvoiceStore.insertLines(tx, lineRows);
        InvoiceStore.insertAttempts(tx, attempts);
        for (Map.Entry<String, Long> e : delta.entrySet()) {
            if (e.getValue() != 0 && !CustomerStore.adjustCredit(tx, tenant, e.getKey(), e.getValue(), now)) {
                throw new LostRace("credit balance of customer " + e.getKey() + " was consumed concurrently");
            }
        }
        List<NewEvent> announced = new ArrayList<>(out.size());
        for (Issued is : out) {
            Invoice inv = is.invoice();
            Map<String, Object> payload = invoicePayload(inv);
            announced.add(new NewEvent("invoice.issued", "invoice", inv.id().toString(), payload));
            if (inv.amountDue() == 0) {
                announced.add(new NewEvent("invoice.paid", "invoice", inv.id().toString(), payload));
            }
        }
        events.publishAll(tx, ctx, announced);
        return out;
    }

    private BillingPaymentAttemptRecord attempt(UUID tenant, UUID invoice, int no, long amount, String currency,
                                                Instant now) {
        BillingPaymentAttemptRecord a = new BillingPaymentAttemptRecord();
        a.setTenantId(tenant);
        a.setInvoiceId(invoice);
        a.setAttemptNo(no);
        a.setIdempotencyKey(ChargeRequest.key(new InvoiceId(invoice), no));
        a.setAmount(amount);
        a.setCurrency(currency);
        a.setStatus("pending");
        a.setClaimedUntil(odt(now.plus(claimLease)));
        a.setCreatedAt(odt(now));
        return a;
    }

    private static ChargeRequest request(TenantInfo info, BillingInvoiceRecord inv, int attempt,
                                         BillingCustomerRecord customer) {
        return new ChargeRequest(info.id(), new InvoiceId(inv.getId()), inv.getInvoiceNumber(), attempt,
                ChargeRequest.key(new InvoiceId(inv.getId()), attempt), new CustomerId(inv.getCustomerId()),
                Optional.ofNullable(customer == null ? null : customer.getGatewayCustomerRef()),
                Optional.ofNullable(customer == null ? null : customer.getPaymentMethodRef()),
                inv.getAmountDue(), inv.getCurrency());
    }

    /** The payload of {@code invoice.issued} (and of {@code invoice.paid} when nothing is due). */
    public static Map<String, Object> invoicePayload(Invoice inv) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("invoice", inv.id().toString());
        p.put("number", inv.number());
        inv.subscription().ifPresent(s -> p.put("subscription", s.toString()));
        p.put("customer", inv.customer().value());
        p.put("kind", inv.kind().name().toLowerCase(java.util.Locale.ROOT));
        inv.periodStart().ifPresent(s -> p.put("period_start", s.toString()));
        inv.purchaseOrder().ifPresent(po -> {
            p.put("company", po.company().toString());
            p.put("order", po.orderId());
            po.poNumber().ifPresent(n -> p.put("po_number", n));
            p.put("payment_terms", po.terms().code());
            p.put("due_at", po.dueAt().toString());
        });
        p.put("subtotal", inv.subtotal());
        p.put("credit_applied", inv.creditApplied());
        p.put("amount_due", inv.amountDue());
        p.put("currency", inv.currency());
        return p;
    }

    // ------------------------------------------------------------------ subscriptions

    /**
     * Moves {@code s} to {@code to} (raising {@code invalid_transition} when the lifecycle forbids
     * it), publishing {@code event} and auditing the change; the caller writes the row.
     */
    public void move(DSLContext tx, TenantContext ctx, BillingSubscriptionRecord s, SubscriptionStatus to,
                     String event, Map<String, Object> extra) {
        SubscriptionStatus from = SubscriptionStore.status(s);
        from.checkMoveTo(to, s.getId());
        s.setStatus(to.code());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("subscription", s.getId().toString());
        payload.put("customer", s.getCustomerId());
        payload.put("from", from.code());
        payload.put("to", to.code());
        payload.putAll(extra);
        events.publish(tx, ctx, event, "subscription", s.getId().toString(), payload);
        audit.applied(tx, ctx, event, "subscription", s.getId(), Map.of("status", from.code()),
                Map.of("status", to.code()));
    }

    /**
     * One step of a subscription whose next billing time has come: the end of a period it is
     * canceled at (then {@code canceled}, no invoice), the end of its trial (then {@code active},
     * period 0 from the trial end), or the start of its next period. Returns the invoice to issue.
     */
    public Optional<InvoiceDraft> advance(DSLContext tx, TenantContext ctx, TenantInfo info,
                                          BillingSubscriptionRecord s, Plan plan) {
        Instant at = inst(s.getNextBillingAt());
        SubscriptionStatus status = SubscriptionStore.status(s);
        if (Boolean.TRUE.equals(s.getCancelAtPeriodEnd())) {
            move(tx, ctx, s, SubscriptionStatus.CANCELED, "subscription.canceled", Map.of("at", at.toString(),
                    "reason", "period_end"));
            s.setCanceledAt(odt(at));
            s.setNextBillingAt(null);
            return Optional.empty();
        }
        Periods.Period period;
        if (status == SubscriptionStatus.TRIALING) {
            move(tx, ctx, s, SubscriptionStatus.ACTIVE, "subscription.activated", Map.of("reason", "trial_ended"));
            s.setAnchorAt(s.getTrialEnd());
            period = Periods.period(inst(s.getAnchorAt()), info.zone(), plan.interval(), plan.intervalCount(), 0);
        } else {
            long k = s.getPeriodIndex() + 1;
            period = Periods.period(inst(s.getAnchorAt()), info.zone(), plan.interval(), plan.intervalCount(), k);
        }
        setPeriod(s, period);
        return Optional.of(periodDraft(s, plan, period));
    }

    /** Makes {@code period} the subscription's current one; the next billing time is its end. */
    public static void setPeriod(BillingSubscriptionRecord s, Periods.Period period) {
        s.setPeriodIndex(period.index());
        s.setPeriodStart(odt(period.start()));
        s.setPeriodEnd(odt(period.end()));
        s.setNextBillingAt(odt(period.end()));
    }

    /** Whether the subscription's next billing time has come and its status is billed. */
    public static boolean due(BillingSubscriptionRecord s, Instant now) {
        SubscriptionStatus st = SubscriptionStore.status(s);
        return s.getNextBillingAt() != null && !inst(s.getNextBillingAt()).isAfter(now)
                && (st == SubscriptionStatus.TRIALING || st == SubscriptionStatus.ACTIVE
                || st == SubscriptionStatus.PAST_DUE);
    }

    /** Brings one locked subscription up to date (every step due at {@code now}); the caller writes it. */
    public List<InvoiceDraft> catchUp(DSLContext tx, TenantContext ctx, TenantInfo info, BillingSubscriptionRecord s,
                                      Plan plan, Instant now) {
        List<InvoiceDraft> drafts = new ArrayList<>();
        while (due(s, now)) {
            advance(tx, ctx, info, s, plan).ifPresent(drafts::add);
        }
        return drafts;
    }

    /** Tallies of one unit of work, added up into a {@link RunReport}. */
    public static final class Tally {
        public int issued;
        public int canceled;
        public int attempted;
        public int paid;
        public int failed;
        public int retryable;

        public RunReport report() {
            return new RunReport(issued, canceled, attempted, paid, failed, retryable);
        }
    }

    /**
     * One page of the billing run in the caller's transaction: locks up to {@code limit} due
     * subscriptions (skipping those a concurrent run holds), advances each one step and issues
     * the invoices. Returns the charges to collect, or {@code null} when nothing (after
     * {@code after}) was due.
     */
    public DuePage billDuePage(DSLContext tx, TenantContext ctx, TenantInfo info, Instant now, int limit,
                               SubscriptionStore.Cursor after, Tally tally) {
        List<BillingSubscriptionRecord> subs = SubscriptionStore.lockDue(tx, info.uuid(), now, limit, after);
        if (subs.isEmpty()) {
            return null;
        }
        BillingSubscriptionRecord last = subs.get(subs.size() - 1);
        SubscriptionStore.Cursor cursor = new SubscriptionStore.Cursor(inst(last.getNextBillingAt()), last.getId());
        Map<UUID, Plan> plans = PlanStore.findAll(tx, info.uuid(),
                subs.stream().map(BillingSubscriptionRecord::getPlanId).distinct().toList());
        List<InvoiceDraft> drafts = new ArrayList<>(subs.size());
        for (BillingSubscriptionRecord s : subs) {
            Optional<InvoiceDraft> d = advance(tx, ctx, info, s, plans.get(s.getPlanId()));
            if (d.isPresent()) {
                drafts.add(d.get());
            } else {
                tally.canceled++;
            }
        }
        SubscriptionStore.updateAll(tx, info.uuid(), subs, now);
        List<Issued> issued = issue(tx, ctx, info, drafts, now);
        tally.issued += issued.size();
        List<PendingCharge> charges = new ArrayList<>();
        issued.forEach(i -> i.charge().ifPresent(charges::add));
        return new DuePage(charges, cursor);
    }

    /** A page of the billing run: the charges to collect, and where the next page continues. */
    public record DuePage(List<PendingCharge> charges, SubscriptionStore.Cursor cursor) {
    }

    // ------------------------------------------------------------------ dunning and recovery

    /**
     * One page of dunning in the caller's transaction: locks open invoices whose retry time has
     * come and opens the attempt of the latest due retry slot (a late run skips the slots it
     * missed rather than charging several times in a row).
     */
    public List<PendingCharge> claimRetriesPage(DSLContext tx, TenantContext ctx, TenantInfo info, Instant now,
                                                int limit, Tally tally) {
        List<BillingInvoiceRecord> invoices = InvoiceStore.lockRetriesDue(tx, info.uuid(), now, limit);
        if (invoices.isEmpty()) {
            return null;
        }
        Map<String, BillingCustomerRecord> customers = CustomerStore.findAll(tx, info.uuid(),
                invoices.stream().map(BillingInvoiceRecord::getCustomerId).distinct().toList());
        DunningSchedule schedule = info.dunning();
        List<BillingPaymentAttemptRecord> attempts = new ArrayList<>();
        List<PendingCharge> charges = new ArrayList<>();
        for (BillingInvoiceRecord inv : invoices) {
            int last = inv.getAttemptCount();
            Instant firstFailed = inst(inv.getFirstFailedAt());
            OptionalInt slot = firstFailed == null ? OptionalInt.empty()
                    : schedule.dueSlot(firstFailed, info.zone(), last - 1, now);
            if (slot.isEmpty()) {
                // the tenant changed its schedule since: wait for the next slot, or give up when none is left
                int next = Math.max(0, last - 1);
                if (firstFailed != null && next < schedule.slots()
                        && schedule.retryAt(firstFailed, info.zone(), next).isAfter(now)) {
                    inv.setNextAttemptAt(odt(schedule.retryAt(firstFailed, info.zone(), next)));
                    InvoiceStore.update(tx, inv, now);
                } else {
                    exhaust(tx, ctx, info, inv, SubscriptionStore.lock(tx, info.uuid(),
                            new org.cityos.billing.SubscriptionId(inv.getSubscriptionId())), now);
                }
                continue;
            }
            int no = slot.getAsInt() + 2;
            inv.setAttemptCount(no);
            inv.setNextAttemptAt(null);
            InvoiceStore.update(tx, inv, now);
            attempts.add(attempt(info.uuid(), inv.getId(), no, inv.getAmountDue(), inv.getCurrency(), now));
            charges.add(new PendingCharge(request(info, inv, no, customers.get(inv.getCustomerId())),
                    inv.getSubscriptionId()));
        }
        InvoiceStore.insertAttempts(tx, attempts);
        return charges;
    }

    /**
     * Attempts left pending past their claim (a run that died between the charge and its record,
     * a retryable answer): claims them again and returns them to send with the same idempotency
     * key, so the gateway answers with the first result if there was one.
     */
    public List<PendingCharge> claimStalePage(DSLContext tx, TenantContext ctx, TenantInfo info, Instant now,
                                              int limit) {
        List<BillingPaymentAttemptRecord> stale = InvoiceStore.lockStaleAttempts(tx, info.uuid(), now, limit);
        if (stale.isEmpty()) {
            return null;
        }
        Map<UUID, BillingInvoiceRecord> invoices = InvoiceStore.findAll(tx, info.uuid(),
                stale.stream().map(BillingPaymentAttemptRecord::getInvoiceId).distinct().toList());
        Map<String, BillingCustomerRecord> customers = CustomerStore.findAll(tx, info.uuid(),
                invoices.values().stream().map(BillingInvoiceRecord::getCustomerId).distinct().toList());
        List<PendingCharge> charges = new ArrayList<>();
        var A = BILLING_PAYMENT_ATTEMPT;
        for (BillingPaymentAttemptRecord a : stale) {
            BillingInvoiceRecord inv = invoices.get(a.getInvoiceId());
            Condition row = A.TENANT_ID.eq(info.uuid()).and(A.INVOICE_ID.eq(a.getInvoiceId()))
                    .and(A.ATTEMPT_NO.eq(a.getAttemptNo()));
            if (!"open".equals(inv.getStatus())) {
                tx.update(A).set(A.STATUS, "failed").set(A.OUTCOME, "abandoned")
                        .set(A.FAILURE_MESSAGE, "invoice is " + inv.getStatus()).set(A.CLAIMED_UNTIL, (java.time.OffsetDateTime) null)
                        .set(A.COMPLETED_AT, odt(now)).where(row).execute();
                continue;
            }
            tx.update(A).set(A.CLAIMED_UNTIL, odt(now.plus(claimLease))).where(row).execute();
            ChargeRequest base = request(info, inv, a.getAttemptNo(), customers.get(inv.getCustomerId()));
            charges.add(new PendingCharge(new ChargeRequest(base.tenant(), base.invoice(), base.invoiceNumber(),
                    base.attempt(), a.getIdempotencyKey(), base.customer(), base.gatewayCustomerRef(),
                    base.paymentMethodRef(), a.getAmount(), a.getCurrency()), inv.getSubscriptionId()));
        }
        return charges;
    }

    // ------------------------------------------------------------------ collection

    /**
     * Sends each charge to the gateway (outside any transaction), then records all outcomes in
     * one transaction: paid, failed (dunning, {@code past_due}, exhaustion) or left pending.
     */
    public void collect(TenantContext ctx, TenantInfo info, List<PendingCharge> charges, Tally tally) {
        if (charges == null || charges.isEmpty() || gateway == null) {
            return;
        }
        List<Map.Entry<PendingCharge, ChargeResult>> results = new ArrayList<>(charges.size());
        for (PendingCharge pc : charges) {
            ChargeResult r;
            try {
                r = Objects.requireNonNull(gateway.charge(pc.request()), "the payment gateway answered null");
            } catch (RuntimeException e) {
                LOG.warn("payment gateway failed on invoice {} attempt {}: {}", pc.request().invoiceNumber(),
                        pc.request().attempt(), Values.neutralise(e.toString()));
                r = new ChargeResult.Retryable("gateway_error", e.getClass().getSimpleName());
            }
            results.add(Map.entry(pc, r));
        }
        // subscriptions are locked in one order by every recorder, so two cannot deadlock
        results.sort(Comparator.comparing((Map.Entry<PendingCharge, ChargeResult> e) -> e.getKey().subscription())
                .thenComparing(e -> e.getKey().request().invoice().value()));
        List<Map.Entry<PendingCharge, ChargeResult>> paid = results.stream()
                .filter(e -> e.getValue() instanceof ChargeResult.Succeeded).toList();
        List<Map.Entry<PendingCharge, ChargeResult>> rest = results.stream()
                .filter(e -> !(e.getValue() instanceof ChargeResult.Succeeded)).toList();
        List<String> outcomes = retrying(ctx, tx -> {
            Instant now = now();
            List<String> out = new ArrayList<>(recordPaid(tx, ctx, info, paid, now));
            for (Map.Entry<PendingCharge, ChargeResult> e : rest) {
                out.add(record(tx, ctx, info, e.getKey(), e.getValue(), now));
            }
            return out;
        });
        for (String o : outcomes) {
            switch (o) {
                case "paid" -> {
                    tally.attempted++;
                    tally.paid++;
                }
                case "failed" -> {
                    tally.attempted++;
                    tally.failed++;
                }
                case "retryable" -> {
                    tally.attempted++;
                    tally.retryable++;
                }
                default -> { }
            }
        }
    }

    /**
     * Records successful attempts set-wise (the common case of a run): one statement for the
     * attempts still pending, one for their invoices still open, one insert for the events; only
     * subscriptions that were {@code past_due} are then settled one by one.
     */
    private List<String> recordPaid(DSLContext tx, TenantContext ctx, TenantInfo info,
                                    List<Map.Entry<PendingCharge, ChargeResult>> paid, Instant now) {
        if (paid.isEmpty()) {
            return List.of();
        }
        if (paid.size() == 1) {
            return List.of(record(tx, ctx, info, paid.get(0).getKey(), paid.get(0).getValue(), now));
        }
        UUID tenant = info.uuid();
        var A = BILLING_PAYMENT_ATTEMPT;
        var I = org.cityos.billing.internal.db.Tables.BILLING_INVOICE;
        var S = org.cityos.billing.internal.db.Tables.BILLING_SUBSCRIPTION;
        // one statement records every attempt still pending (a JDBC batch would cost the database
        // one statement per attempt) and tells which it recorded; the invoice ids let the database
        // find the rows by index, the (invoice, attempt) pairs pick the attempts
        Map<UUID, String> refs = new HashMap<>();
        List<UUID> invoices = new ArrayList<>(paid.size());
        List<org.jooq.Row2<UUID, Integer>> keys = new ArrayList<>(paid.size());
        org.jooq.CaseConditionStep<String> gatewayRef = null;
        for (Map.Entry<PendingCharge, ChargeResult> e : paid) {
            ChargeRequest q = e.getKey().request();
            String ref = cut(((ChargeResult.Succeeded) e.getValue()).reference(), 200);
            refs.put(q.invoice().value(), ref);
            invoices.add(q.invoice().value());
            keys.add(DSL.row(q.invoice().value(), q.attempt()));
            Condition mine = A.INVOICE_ID.eq(q.invoice().value()).and(A.ATTEMPT_NO.eq(q.attempt()));
            gatewayRef = gatewayRef == null ? DSL.when(mine, DSL.val(ref, A.GATEWAY_REF))
                    : gatewayRef.when(mine, DSL.val(ref, A.GATEWAY_REF));
        }
        Set<List<Object>> done = new java.util.HashSet<>();
        for (var r : tx.update(A).set(A.STATUS, "succeeded").set(A.OUTCOME, "succeeded")
                .set(A.GATEWAY_REF, gatewayRef.else_(A.GATEWAY_REF))
                .setNull(A.CLAIMED_UNTIL).set(A.COMPLETED_AT, odt(now))
                .where(A.TENANT_ID.eq(tenant)).and(A.INVOICE_ID.in(invoices))
                .and(DSL.row(A.INVOICE_ID, A.ATTEMPT_NO).in(keys)).and(A.STATUS.eq("pending"))
                .returningResult(A.INVOICE_ID, A.ATTEMPT_NO).fetch()) {
            done.add(List.of(r.value1(), r.value2()));
        }
        List<UUID> recorded = new ArrayList<>(done.size());
        for (Map.Entry<PendingCharge, ChargeResult> e : paid) {
            ChargeRequest q = e.getKey().request();
            if (done.contains(List.of(q.invoice().value(), q.attempt()))) {
                recorded.add(q.invoice().value()); // the others were recorded by another run meanwhile
            }
        }
        // the invoices still open become paid, in one statement that returns them
        List<BillingInvoiceRecord> open = new ArrayList<>();
        if (!recorded.isEmpty()) {
            open.addAll(tx.update(I).set(I.STATUS, "paid").set(I.PAID_AT, odt(now)).set(I.CLOSED_AT, odt(now))
                    .setNull(I.NEXT_ATTEMPT_AT).set(I.UPDATED_AT, odt(now))
                    .where(I.TENANT_ID.eq(tenant)).and(I.ID.in(recorded)).and(I.STATUS.eq("open"))
                    .returning().fetch());
            open.sort(Comparator.comparing(BillingInvoiceRecord::getId));
        }
        if (open.size() < recorded.size()) {
            LOG.warn("{} successful attempt(s) were for invoices no longer open; the attempts are recorded",
                    recorded.size() - open.size());
        }
        if (!open.isEmpty()) {
            List<NewEvent> announced = new ArrayList<>(open.size());
            for (BillingInvoiceRecord inv : open) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("invoice", inv.getId().toString());
                payload.put("number", inv.getInvoiceNumber());
                payload.put("amount_due", inv.getAmountDue());
                payload.put("currency", inv.getCurrency());
                payload.put("reference", refs.get(inv.getId()));
                announced.add(new NewEvent("invoice.paid", "invoice", inv.getId().toString(), payload));
            }
            events.publishAll(tx, ctx, announced);
            Map<UUID, BillingInvoiceRecord> bySubscription = new HashMap<>();
            open.forEach(inv -> bySubscription.put(inv.getSubscriptionId(), inv));
            for (BillingSubscriptionRecord s : tx.selectFrom(S).where(S.TENANT_ID.eq(tenant))
                    .and(S.ID.in(bySubscription.keySet())).and(S.STATUS.eq("past_due"))
                    .orderBy(S.ID).forUpdate().fetch()) {
                settle(tx, ctx, bySubscription.get(s.getId()), s, now);
            }
        }
        List<String> out = new ArrayList<>(recorded.size());
        recorded.forEach(r -> out.add("paid"));
        return out;
    }

    private String record(DSLContext tx, TenantContext ctx, TenantInfo info, PendingCharge pc, ChargeResult r,
                          Instant now) {
        ChargeRequest q = pc.request();
        UUID tenant = info.uuid();
        var A = BILLING_PAYMENT_ATTEMPT;
        Condition mine = A.TENANT_ID.eq(tenant).and(A.INVOICE_ID.eq(q.invoice().value()))
                .and(A.ATTEMPT_NO.eq(q.attempt())).and(A.STATUS.eq("pending"));
        if (r instanceof ChargeResult.Retryable rt) {
            tx.update(A).set(A.OUTCOME, r.outcome()).set(A.FAILURE_CODE, cut(rt.code(), 100))
                    .set(A.FAILURE_MESSAGE, cut(rt.message(), 500))
                    .set(A.CLAIMED_UNTIL, odt(now.plus(retryableDelay))).where(mine).execute();
            return "retryable";
        }
        String code = null;
        String message = null;
        String ref = null;
        if (r instanceof ChargeResult.Succeeded s) {
            ref = s.reference();
        } else if (r instanceof ChargeResult.Declined d) {
            code = d.code();
            message = d.message();
            ref = d.reference().orElse(null);
        } else if (r instanceof ChargeResult.ActionRequired a) {
            code = a.code();
            message = a.message();
            ref = a.reference().orElse(null);
        }
        boolean ok = r instanceof ChargeResult.Succeeded;
        int n = tx.update(A).set(A.STATUS, ok ? "succeeded" : "failed").set(A.OUTCOME, r.outcome())
                .set(A.FAILURE_CODE, cut(code, 100)).set(A.FAILURE_MESSAGE, cut(message, 500))
                .set(A.GATEWAY_REF, cut(ref, 200)).set(A.CLAIMED_UNTIL, (java.time.OffsetDateTime) null)
                .set(A.COMPLETED_AT, odt(now)).where(mine).execute();
        if (n == 0) {
            return "already_recorded";
        }
        BillingInvoiceRecord inv = InvoiceStore.lock(tx, tenant, q.invoice());
        if (!"open".equals(inv.getStatus())) {
            LOG.warn("invoice {} is {} but attempt {} ended {}; the attempt is recorded, the invoice left as it is",
                    inv.getInvoiceNumber(), inv.getStatus(), q.attempt(), r.outcome());
            return ok ? "paid" : "failed";
        }
        BillingSubscriptionRecord s = SubscriptionStore.lock(tx, tenant,
                new org.cityos.billing.SubscriptionId(inv.getSubscriptionId()));
        if (ok) {
            markPaid(tx, ctx, inv, s, ref, now);
            return "paid";
        }
        if (inv.getFirstFailedAt() == null) {
            inv.setFirstFailedAt(odt(now));
        }
        boolean subChanged = false;
        if (SubscriptionStore.status(s) == SubscriptionStatus.ACTIVE) {
            move(tx, ctx, s, SubscriptionStatus.PAST_DUE, "subscription.past_due",
                    Map.of("invoice", inv.getId().toString()));
            subChanged = true;
        }
        int nextSlot = q.attempt() - 1;
        DunningSchedule schedule = info.dunning();
        Instant next = nextSlot < schedule.slots()
                ? schedule.retryAt(inst(inv.getFirstFailedAt()), info.zone(), nextSlot) : null;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("invoice", inv.getId().toString());
        payload.put("number", inv.getInvoiceNumber());
        payload.put("attempt", q.attempt());
        payload.put("outcome", r.outcome());
        if (code != null) {
            payload.put("code", code);
        }
        if (next != null) {
            payload.put("next_attempt_at", next.toString());
        }
        events.publish(tx, ctx, "invoice.payment_failed", "invoice", inv.getId().toString(), payload);
        if (next != null) {
            inv.setNextAttemptAt(odt(next));
            InvoiceStore.update(tx, inv, now);
            if (subChanged) {
                SubscriptionStore.update(tx, s, now);
            }
        } else {
            if (subChanged) {
                SubscriptionStore.update(tx, s, now);
            }
            exhaust(tx, ctx, info, inv, s, now);
        }
        return "failed";
    }

    /** The last retry failed: the invoice is uncollectible, the subscription unpaid or canceled. */
    private void exhaust(DSLContext tx, TenantContext ctx, TenantInfo info, BillingInvoiceRecord inv,
                         BillingSubscriptionRecord s, Instant now) {
        inv.setStatus("uncollectible");
        inv.setClosedAt(odt(now));
        inv.setNextAttemptAt(null);
        InvoiceStore.update(tx, inv, now);
        events.publish(tx, ctx, "invoice.uncollectible", "invoice", inv.getId().toString(),
                Map.of("invoice", inv.getId().toString(), "number", inv.getInvoiceNumber(),
                        "amount_due", inv.getAmountDue()));
        SubscriptionStatus st = SubscriptionStore.status(s);
        if (st == SubscriptionStatus.ACTIVE) {
            move(tx, ctx, s, SubscriptionStatus.PAST_DUE, "subscription.past_due",
                    Map.of("invoice", inv.getId().toString()));
            st = SubscriptionStatus.PAST_DUE;
        }
        if (st == SubscriptionStatus.PAST_DUE) {
            if (info.dunning().onExhausted() == DunningSchedule.Exhaustion.CANCELED) {
                move(tx, ctx, s, SubscriptionStatus.CANCELED, "subscription.canceled",
                        Map.of("reason", "payment_failed", "invoice", inv.getId().toString()));
                s.setCanceledAt(odt(now));
            } else {
                move(tx, ctx, s, SubscriptionStatus.UNPAID, "subscription.unpaid",
                        Map.of("invoice", inv.getId().toString()));
            }
            s.setNextBillingAt(null);
        }
        if (s.changed()) {
            SubscriptionStore.update(tx, s, now);
        }
    }

    /**
     * Marks an open invoice paid and, when its subscription is {@code past_due} with no other
     * failed invoice open, makes the subscription {@code active} again.
     */
    public void markPaid(DSLContext tx, TenantContext ctx, BillingInvoiceRecord inv, BillingSubscriptionRecord s,
                         String reference, Instant now) {
        inv.setStatus("paid");
        inv.setPaidAt(odt(now));
        inv.setClosedAt(odt(now));
        inv.setNextAttemptAt(null);
        InvoiceStore.update(tx, inv, now);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("invoice", inv.getId().toString());
        payload.put("number", inv.getInvoiceNumber());
        payload.put("amount_due", inv.getAmountDue());
        payload.put("currency", inv.getCurrency());
        if (reference != null) {
            payload.put("reference", reference);
        }
        events.publish(tx, ctx, "invoice.paid", "invoice", inv.getId().toString(), payload);
        settle(tx, ctx, inv, s, now);
    }

    /**
     * After an invoice closed: a {@code past_due} subscription with no other failed open invoice is
     * active again; {@code s} is null for an invoice of no subscription (a purchase order).
     */
    public void settle(DSLContext tx, TenantContext ctx, BillingInvoiceRecord inv, BillingSubscriptionRecord s,
                       Instant now) {
        if (s != null && SubscriptionStore.status(s) == SubscriptionStatus.PAST_DUE
                && !InvoiceStore.hasOtherFailedOpen(tx, inv.getTenantId(), s.getId(), inv.getId())) {
            move(tx, ctx, s, SubscriptionStatus.ACTIVE, "subscription.activated",
                    Map.of("reason", "invoice_settled", "invoice", inv.getId().toString()));
            SubscriptionStore.update(tx, s, now);
        }
    }

    /**
     * Runs a service mutation; a refusal ({@link CityOsException}) is audited in a transaction of
     * its own and rethrown, the refused change itself having written nothing.
     */
    public <T> T refusing(TenantContext ctx, String action, String entityType, Object entityId,
                          java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (CityOsException e) {
            if (e.code() != ErrorCode.UNKNOWN_TENANT) {
                audit.refused(ctx, action, entityType, entityId, e);
            }
            throw e;
        }
    }

    /** Collects {@code charges} once the caller's change is committed (at once outside a {@code CityOs.transaction}). */
    public void collectAfterCommit(TenantContext ctx, TenantInfo info, List<PendingCharge> charges) {
        if (!charges.isEmpty() && gateway != null) {
            db.afterCommit(() -> collect(ctx, info, charges, new Tally()));
        }
    }

    static String cut(String s, int max) {
        if (s == null) {
            return null;
        }
        String n = Values.neutralise(s);
        return n.length() > max ? n.substring(0, max) : n;
    }
}
