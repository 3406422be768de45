package org.cityos.billing.subscription;

import static org.cityos.billing.internal.Rows.inst;
import static org.cityos.billing.internal.Rows.odt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cityos.billing.PlanId;
import org.cityos.billing.SubscriptionId;
import org.cityos.billing.internal.CustomerStore;
import org.cityos.billing.internal.Engine;
import org.cityos.billing.internal.InvoiceStore;
import org.cityos.billing.internal.PlanStore;
import org.cityos.billing.internal.SubscriptionStore;
import org.cityos.billing.internal.TenantInfo;
import org.cityos.billing.internal.db.tables.records.BillingSubscriptionRecord;
import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.invoice.InvoiceKind;
import org.cityos.billing.invoice.LineKind;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.plan.PlanStatus;
import org.cityos.billing.rules.Periods;
import org.cityos.billing.rules.Proration;
import org.cityos.core.CityOsException;
import org.cityos.core.Ids;
import org.cityos.core.TenantContext;
import org.jooq.DSLContext;

/**
 * A tenant's subscriptions: subscribe, change plan or quantity (with proration), cancel at period
 * end or now, pause and resume, reactivate after dunning. Changes that issue an invoice collect it
 * through the gateway once committed, so the subscription returned reflects the payment.
 */
public final class Subscriptions {
    private final Engine engine;

    public Subscriptions(Engine engine) {
        this.engine = engine;
    }

    /**
     * Subscribes a registered customer: {@code trialing} for the plan's trial days, else
     * {@code active} with its first period invoiced at once. Raises {@code unknown_customer},
     * {@code unknown_plan}, {@code invalid_argument} for an archived plan, {@code invalid_amount}
     * when the price overflows.
     */
    public Subscription create(TenantContext ctx, NewSubscription n) {
        return engine.refusing(ctx, "subscription.created", "subscription", null, () -> {
            TenantInfo info = engine.tenant(ctx);
            Work w = engine.db().tenant(ctx, tx -> {
                Instant now = engine.now();
                CustomerStore.require(tx, info.uuid(), n.customer());
                Plan plan = PlanStore.require(tx, info.uuid(), n.plan());
                if (plan.status() == PlanStatus.ARCHIVED) {
                    throw CityOsException.invalid("plan", plan.code(), "is archived and takes no new subscriptions");
                }
                plan.amount(n.quantity());
                BillingSubscriptionRecord s = new BillingSubscriptionRecord();
                s.setTenantId(info.uuid());
                s.setId(Ids.next(engine.db().clock()));
                s.setCustomerId(n.customer().value());
                s.setPlanId(plan.id().value());
                s.setQuantity(n.quantity());
                s.setStartedAt(odt(now));
                s.setCancelAtPeriodEnd(false);
                s.setRowVersion(0L);
                s.setCreatedAt(odt(now));
                s.setUpdatedAt(odt(now));
                List<Engine.InvoiceDraft> drafts = new ArrayList<>();
                if (plan.trialDays() > 0) {
                    Instant trialEnd = Periods.plusDays(now, info.zone(), plan.trialDays());
                    s.setStatus(SubscriptionStatus.TRIALING.code());
                    s.setTrialEnd(odt(trialEnd));
                    s.setNextBillingAt(odt(trialEnd));
                } else {
                    s.setStatus(SubscriptionStatus.ACTIVE.code());
                    s.setAnchorAt(odt(now));
                    Periods.Period p0 = Periods.period(now, info.zone(), plan.interval(), plan.intervalCount(), 0);
                    Engine.setPeriod(s, p0);
                    drafts.add(engine.periodDraft(s, plan, p0));
                }
                SubscriptionStore.insert(tx, s);
                Subscription created = SubscriptionStore.toSubscription(s);
                engine.events().publish(tx, ctx, "subscription.created", "subscription", s.getId().toString(),
                        payload(s));
                engine.audit().applied(tx, ctx, "subscription.created", "subscription", s.getId(), null, created);
                return new Work(s, engine.issue(tx, ctx, info, drafts, now));
            });
            return w.collect(ctx, info).subscription();
        });
    }

    public Optional<Subscription> get(TenantContext ctx, SubscriptionId id) {
        return engine.db().tenant(ctx, tx -> SubscriptionStore.find(tx, ctx.tenant().value(), id)
                .map(SubscriptionStore::toSubscription));
    }

    /** The subscription; {@code unknown_subscription} when the tenant has none with this id. */
    public Subscription require(TenantContext ctx, SubscriptionId id) {
        return get(ctx, id).orElseThrow(() -> SubscriptionStore.unknown(id));
    }

    /**
     * Cancels: {@link CancelMode#NOW} at once (no refund in v1); {@link CancelMode#AT_PERIOD_END}
     * keeps it as it is until its current period (or trial) ends, then the billing run cancels it
     * without a new invoice. {@code invalid_transition} when canceled already, or at period end
     * when it has no running period (paused, unpaid).
     */
    public Subscription cancel(TenantContext ctx, SubscriptionId id, CancelMode mode) {
        return engine.refusing(ctx, "subscription.canceled", "subscription", id, () -> {
            TenantInfo info = engine.tenant(ctx);
            Work w = engine.db().tenant(ctx, tx -> {
                Instant now = engine.now();
                List<Engine.Issued> caughtUp = new ArrayList<>();
                BillingSubscriptionRecord s = lockCurrent(tx, ctx, info, id, now, caughtUp);
                SubscriptionStatus status = SubscriptionStore.status(s);
                if (mode == CancelMode.NOW) {
                    engine.move(tx, ctx, s, SubscriptionStatus.CANCELED, "subscription.canceled",
                            Map.of("reason", "requested", "at", now.toString()));
                    s.setCanceledAt(odt(now));
                    s.setNextBillingAt(null);
                } else {
                    status.checkMoveTo(SubscriptionStatus.CANCELED, id);
                    if (s.getNextBillingAt() == null) {
                        throw new CityOsException(org.cityos.core.ErrorCode.INVALID_TRANSITION, "subscription '" + id
                                + "' is " + status.code() + " with no running period to cancel at the end of;"
                                + " cancel it now instead");
                    }
                    if (!s.getCancelAtPeriodEnd()) {
                        s.setCancelAtPeriodEnd(true);
                        engine.events().publish(tx, ctx, "subscription.cancel_scheduled", "subscription",
                                id.toString(), Map.of("subscription", id.toString(),
                                        "at", inst(s.getNextBillingAt()).toString()));
                        engine.audit().applied(tx, ctx, "subscription.cancel_scheduled", "subscription", id,
                                Map.of("cancel_at_period_end", false), Map.of("cancel_at_period_end", true));
                    }
                }
                SubscriptionStore.update(tx, s, now);
                return new Work(s, caughtUp);
            });
            return w.collect(ctx, info).subscription();
        });
    }

    /** Pauses an {@code active} subscription: no invoices while {@code paused}. */
    public Subscription pause(TenantContext ctx, SubscriptionId id) {
        return engine.refusing(ctx, "subscription.paused", "subscription", id, () -> {
            TenantInfo info = engine.tenant(ctx);
            Work w = engine.db().tenant(ctx, tx -> {
                Instant now = engine.now();
                List<Engine.Issued> caughtUp = new ArrayList<>();
                BillingSubscriptionRecord s = lockCurrent(tx, ctx, info, id, now, caughtUp);
                engine.move(tx, ctx, s, SubscriptionStatus.PAUSED, "subscription.paused", Map.of("at", now.toString()));
                s.setPausedAt(odt(now));
                s.setNextBillingAt(null);
                SubscriptionStore.update(tx, s, now);
                return new Work(s, caughtUp);
            });
            return w.collect(ctx, info).subscription();
        });
    }

    /** Resumes a {@code paused} subscription: a new anchor now, its first period invoiced at once. */
    public Subscription resume(TenantContext ctx, SubscriptionId id) {
        return restart(ctx, id, SubscriptionStatus.PAUSED, "subscription.resumed");
    }

    /**
     * Reactivates an {@code unpaid} subscription (after its dunning ran out): as a resume, a new
     * anchor now and its first period invoiced at once; the periods in between are not billed.
     */
    public Subscription reactivate(TenantContext ctx, SubscriptionId id) {
        return restart(ctx, id, SubscriptionStatus.UNPAID, "subscription.reactivated");
    }

    private Subscription restart(TenantContext ctx, SubscriptionId id, SubscriptionStatus from, String event) {
        return engine.refusing(ctx, event, "subscription", id, () -> {
            TenantInfo info = engine.tenant(ctx);
            Work w = engine.db().tenant(ctx, tx -> {
                Instant now = engine.now();
                BillingSubscriptionRecord s = SubscriptionStore.lock(tx, info.uuid(), id);
                SubscriptionStatus status = SubscriptionStore.status(s);
                if (status != from) {
                    throw new CityOsException(org.cityos.core.ErrorCode.INVALID_TRANSITION, "subscription '" + id
                            + "' is " + status.code() + ", not " + from.code());
                }
                Plan plan = PlanStore.require(tx, info.uuid(), new PlanId(s.getPlanId()));
                engine.move(tx, ctx, s, SubscriptionStatus.ACTIVE, event, Map.of("anchor", now.toString()));
                s.setPausedAt(null);
                s.setAnchorAt(odt(now));
                Periods.Period p0 = Periods.period(now, info.zone(), plan.interval(), plan.intervalCount(), 0);
                Engine.setPeriod(s, p0);
                SubscriptionStore.update(tx, s, now);
                return new Work(s, engine.issue(tx, ctx, info, List.of(engine.periodDraft(s, plan, p0)), now));
            });
            return w.collect(ctx, info).subscription();
        });
    }

    /**
     * Changes plan and/or quantity at once. Inside a billed period {@code [s, e)} at time t the
     * customer is credited the old amount's unused share and charged the new amount's, to the
     * second, on one proration invoice (a net credit goes to the credit balance); the anchor does
     * not move. While trialing, paused or unpaid the change applies from the next invoice.
     * Raises {@code unknown_plan}, {@code invalid_argument} (archived plan, another interval),
     * {@code invalid_amount}, {@code invalid_transition} (canceled).
     */
    public ChangeResult change(TenantContext ctx, SubscriptionId id, SubscriptionChange change) {
        return engine.refusing(ctx, "subscription.updated", "subscription", id, () -> {
            TenantInfo info = engine.tenant(ctx);
            Work w = engine.db().tenant(ctx, tx -> {
                Instant now = engine.now();
                List<Engine.Issued> issued = new ArrayList<>();
                BillingSubscriptionRecord s = lockCurrent(tx, ctx, info, id, now, issued);
                Plan oldPlan = PlanStore.require(tx, info.uuid(), new PlanId(s.getPlanId()));
                Plan newPlan = change.plan().isPresent() ? PlanStore.require(tx, info.uuid(), change.plan().get())
                        : oldPlan;
                if (!newPlan.id().equals(oldPlan.id()) && newPlan.status() == PlanStatus.ARCHIVED) {
                    throw CityOsException.invalid("plan", newPlan.code(), "is archived and takes no new subscriptions");
                }
                if (newPlan.interval() != oldPlan.interval() || newPlan.intervalCount() != oldPlan.intervalCount()) {
                    throw CityOsException.invalid("plan", newPlan.code(), "bills every " + newPlan.intervalCount()
                            + " " + newPlan.interval().code() + " and the subscription every "
                            + oldPlan.intervalCount() + " " + oldPlan.interval().code()
                            + ": a change keeps the interval in v1");
                }
                long oldQty = s.getQuantity();
                long newQty = change.quantity().orElse(oldQty);
                long oldAmount = oldPlan.amount(oldQty);
                long newAmount = newPlan.amount(newQty);
                SubscriptionStatus status = SubscriptionStore.status(s);
                if (status == SubscriptionStatus.CANCELED) {
                    throw new CityOsException(org.cityos.core.ErrorCode.INVALID_TRANSITION, "subscription '" + id
                            + "' is canceled and cannot change");
                }
                Optional<Engine.InvoiceDraft> proration = prorationDraft(s, oldPlan, oldQty, oldAmount, newPlan,
                        newQty, newAmount, now);
                s.setPlanId(newPlan.id().value());
                s.setQuantity(newQty);
                SubscriptionStore.update(tx, s, now);
                Map<String, Object> payload = payload(s);
                payload.put("from_plan", oldPlan.id().toString());
                payload.put("from_quantity", oldQty);
                engine.events().publish(tx, ctx, "subscription.updated", "subscription", id.toString(), payload);
                engine.audit().applied(tx, ctx, "subscription.updated", "subscription", id,
                        Map.of("plan", oldPlan.id().toString(), "quantity", oldQty),
                        Map.of("plan", newPlan.id().toString(), "quantity", newQty));
                List<Engine.Issued> prorated = engine.issue(tx, ctx, info, proration.map(List::of).orElse(List.of()), now);
                issued.addAll(prorated);
                Work work = new Work(s, issued);
                work.proration = prorated.stream().findFirst().map(i -> i.invoice().id());
                return work;
            });
            Work done = w.collect(ctx, info);
            Optional<Invoice> invoice = done.proration.flatMap(pid -> done.invoices().stream()
                    .filter(i -> i.id().equals(pid)).findFirst());
            return new ChangeResult(done.subscription(), invoice);
        });
    }

    /** The proration invoice of a change at {@code now}, when the subscription is inside a billed period. */
    public static Optional<Engine.InvoiceDraft> prorationDraft(BillingSubscriptionRecord s, Plan oldPlan, long oldQty,
                                                               long oldAmount, Plan newPlan, long newQty,
                                                               long newAmount, Instant now) {
        SubscriptionStatus status = SubscriptionStore.status(s);
        if ((status != SubscriptionStatus.ACTIVE && status != SubscriptionStatus.PAST_DUE)
                || s.getPeriodStart() == null) {
            return Optional.empty();
        }
        Instant start = inst(s.getPeriodStart());
        Instant end = inst(s.getPeriodEnd());
        if (now.isBefore(start) || !now.isBefore(end)) {
            return Optional.empty();
        }
        long credit = Proration.unused(oldAmount, start, end, now);
        long charge = Proration.unused(newAmount, start, end, now);
        return Optional.of(new Engine.InvoiceDraft(s, InvoiceKind.PRORATION, null, now, end, List.of(
                new Engine.LineDraft(LineKind.PRORATION_CREDIT, "Unused time on " + oldPlan.name() + " x " + oldQty,
                        oldPlan.id(), oldQty, -credit),
                new Engine.LineDraft(LineKind.PRORATION_CHARGE, "Remaining time on " + newPlan.name() + " x " + newQty,
                        newPlan.id(), newQty, charge))));
    }

    /**
     * Locks the subscription and first brings it up to date: a period that began (or a trial or
     * canceled period that ended) before now is billed or closed first, as the run would have.
     */
    private BillingSubscriptionRecord lockCurrent(DSLContext tx, TenantContext ctx, TenantInfo info, SubscriptionId id,
                                                  Instant now, List<Engine.Issued> issuedOut) {
        BillingSubscriptionRecord s = SubscriptionStore.lock(tx, info.uuid(), id);
        if (Engine.due(s, now)) {
            Plan plan = PlanStore.require(tx, info.uuid(), new PlanId(s.getPlanId()));
            List<Engine.InvoiceDraft> drafts = engine.catchUp(tx, ctx, info, s, plan, now);
            SubscriptionStore.update(tx, s, now);
            issuedOut.addAll(engine.issue(tx, ctx, info, drafts, now));
        }
        return s;
    }

    static Map<String, Object> payload(BillingSubscriptionRecord s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("subscription", s.getId().toString());
        p.put("customer", s.getCustomerId());
        p.put("plan", s.getPlanId().toString());
        p.put("quantity", s.getQuantity());
        p.put("status", s.getStatus());
        return p;
    }

    /** A committed change and the invoices it issued; {@link #collect} sends their charges and re-reads. */
    private final class Work {
        private final BillingSubscriptionRecord sub;
        private final List<Engine.Issued> issued;
        private Subscription subscription;
        private List<Invoice> invoices;
        private Optional<org.cityos.billing.InvoiceId> proration = Optional.empty();

        Work(BillingSubscriptionRecord sub, List<Engine.Issued> issued) {
            this.sub = sub;
            this.issued = issued;
        }

        Work collect(TenantContext ctx, TenantInfo info) {
            List<Engine.PendingCharge> charges = new ArrayList<>();
            issued.forEach(i -> i.charge().ifPresent(charges::add));
            engine.collectAfterCommit(ctx, info, charges);
            SubscriptionId id = new SubscriptionId(sub.getId());
            subscription = get(ctx, id).orElseGet(() -> SubscriptionStore.toSubscription(sub));
            invoices = issued.isEmpty() ? List.of() : engine.db().tenant(ctx, tx -> {
                List<org.cityos.billing.internal.db.tables.records.BillingInvoiceRecord> rows = new ArrayList<>();
                for (Engine.Issued i : issued) {
                    InvoiceStore.find(tx, info.uuid(), i.invoice().id()).ifPresent(rows::add);
                }
                return InvoiceStore.withLines(tx, info.uuid(), rows);
            });
            return this;
        }

        Subscription subscription() {
            return subscription;
        }

        List<Invoice> invoices() {
            return invoices;
        }
    }
}
