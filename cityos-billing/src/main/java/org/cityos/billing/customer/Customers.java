package org.cityos.billing.customer;

import static org.cityos.billing.internal.Rows.inst;
import static org.cityos.billing.internal.db.Tables.BILLING_INVOICE;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.PlanId;
import org.cityos.billing.SubscriptionId;
import org.cityos.billing.internal.CustomerStore;
import org.cityos.billing.internal.Engine;
import org.cityos.billing.internal.InvoiceStore;
import org.cityos.billing.internal.PlanStore;
import org.cityos.billing.internal.SubscriptionStore;
import org.cityos.billing.internal.TenantInfo;
import org.cityos.billing.internal.db.tables.records.BillingCustomerRecord;
import org.cityos.billing.internal.db.tables.records.BillingSubscriptionRecord;
import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.invoice.InvoiceKind;
import org.cityos.billing.invoice.InvoiceLine;
import org.cityos.billing.invoice.LineKind;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.rules.Periods;
import org.cityos.billing.subscription.Subscription;
import org.cityos.billing.subscription.SubscriptionChange;
import org.cityos.billing.subscription.SubscriptionStatus;
import org.cityos.billing.subscription.Subscriptions;
import org.cityos.core.CityOsException;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;

/**
 * Customer subscription management: register a customer's gateway references, change the payment
 * method, list their subscriptions and invoices, and preview the next invoice or a change's
 * proration invoice. Reads never write.
 */
public final class Customers {
    private final Engine engine;

    public Customers(Engine engine) {
        this.engine = engine;
    }

    /**
     * Registers a customer, or updates the references of one registered before (absent references
     * are kept). Subscriptions need a registered customer.
     */
    public BillingCustomer register(TenantContext ctx, NewCustomer c) {
        return engine.refusing(ctx, "customer.registered", "customer", c.id(), () -> {
            engine.tenant(ctx);
            return engine.retrying(ctx, tx -> {
                Instant now = engine.now();
                UUID t = ctx.tenant().value();
                Optional<BillingCustomerRecord> before = CustomerStore.find(tx, t, c.id());
                if (before.isEmpty()) {
                    CustomerStore.insert(tx, t, c.id(), c.gatewayCustomerRef().orElse(null),
                            c.paymentMethodRef().orElse(null), now);
                } else {
                    CustomerStore.updateRefs(tx, t, c.id(),
                            c.gatewayCustomerRef().orElse(before.get().getGatewayCustomerRef()),
                            c.paymentMethodRef().orElse(before.get().getPaymentMethodRef()), now);
                }
                BillingCustomer after = CustomerStore.toCustomer(CustomerStore.require(tx, t, c.id()));
                String action = before.isEmpty() ? "customer.registered" : "customer.updated";
                engine.events().publish(tx, ctx, action, "customer", c.id().value(),
                        Map.of("customer", c.id().value()));
                engine.audit().applied(tx, ctx, action, "customer", c.id().value(),
                        before.map(CustomerStore::toCustomer).orElse(null), after);
                return after;
            });
        });
    }

    public Optional<BillingCustomer> get(TenantContext ctx, CustomerId id) {
        return engine.db().tenant(ctx, tx -> CustomerStore.find(tx, ctx.tenant().value(), id)
                .map(CustomerStore::toCustomer));
    }

    /** The customer; {@code unknown_customer} when not registered with this tenant. */
    public BillingCustomer require(TenantContext ctx, CustomerId id) {
        return get(ctx, id).orElseThrow(() -> CustomerStore.unknown(id));
    }

    /** Replaces the payment method reference the next attempts are made with (e.g. Stripe {@code pm_...}). */
    public BillingCustomer changePaymentMethod(TenantContext ctx, CustomerId id, String paymentMethodRef) {
        Optional<String> ref = NewCustomer.checkRef("payment method reference", Optional.ofNullable(paymentMethodRef));
        if (ref.isEmpty()) {
            throw CityOsException.invalid("payment method reference", null, "must be given");
        }
        return engine.refusing(ctx, "customer.payment_method_changed", "customer", id, () ->
                engine.db().tenant(ctx, tx -> {
                    UUID t = ctx.tenant().value();
                    BillingCustomerRecord before = CustomerStore.require(tx, t, id);
                    CustomerStore.updateRefs(tx, t, id, before.getGatewayCustomerRef(), ref.get(), engine.now());
                    engine.events().publish(tx, ctx, "customer.payment_method_changed", "customer", id.value(),
                            Map.of("customer", id.value()));
                    engine.audit().applied(tx, ctx, "customer.payment_method_changed", "customer", id.value(),
                            Map.of("payment_method_ref", String.valueOf(before.getPaymentMethodRef())),
                            Map.of("payment_method_ref", ref.get()));
                    return CustomerStore.toCustomer(CustomerStore.require(tx, t, id));
                }));
    }

    /** The customer's subscriptions, oldest first; {@code unknown_customer} when not registered. */
    public Page<Subscription> subscriptions(TenantContext ctx, CustomerId id, PageRequest page) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<Subscription> rows = engine.db().tenant(ctx, tx -> {
            CustomerStore.require(tx, ctx.tenant().value(), id);
            return SubscriptionStore.byCustomer(tx, ctx.tenant().value(), id, after, page.limit() + 1).stream()
                    .map(SubscriptionStore::toSubscription).toList();
        });
        return Page.of(rows, page.limit(), s -> s.id().toString());
    }

    /** The customer's invoices with their lines, oldest first; {@code unknown_customer} when not registered. */
    public Page<Invoice> invoices(TenantContext ctx, CustomerId id, PageRequest page) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<Invoice> rows = engine.db().tenant(ctx, tx -> {
            CustomerStore.require(tx, ctx.tenant().value(), id);
            return InvoiceStore.withLines(tx, ctx.tenant().value(), InvoiceStore.page(tx, ctx.tenant().value(),
                    BILLING_INVOICE.CUSTOMER_ID.eq(id.value()), after, page.limit() + 1));
        });
        return Page.of(rows, page.limit(), i -> i.id().toString());
    }

    /**
     * The invoice the subscription's next period will bring (the credit balance as it is now
     * applied), or empty when none is coming (paused, unpaid, canceled, canceling at period end).
     */
    public Optional<InvoicePreview> upcomingInvoice(TenantContext ctx, SubscriptionId id) {
        TenantInfo info = engine.tenant(ctx);
        return engine.db().tenant(ctx, tx -> {
            BillingSubscriptionRecord s = SubscriptionStore.find(tx, info.uuid(), id)
                    .orElseThrow(() -> SubscriptionStore.unknown(id));
            SubscriptionStatus st = SubscriptionStore.status(s);
            if (s.getNextBillingAt() == null || s.getCancelAtPeriodEnd()
                    || !(st == SubscriptionStatus.TRIALING || st == SubscriptionStatus.ACTIVE
                    || st == SubscriptionStatus.PAST_DUE)) {
                return Optional.<InvoicePreview>empty();
            }
            Plan plan = PlanStore.require(tx, info.uuid(), new PlanId(s.getPlanId()));
            Periods.Period p = st == SubscriptionStatus.TRIALING
                    ? Periods.period(inst(s.getTrialEnd()), info.zone(), plan.interval(), plan.intervalCount(), 0)
                    : Periods.period(inst(s.getAnchorAt()), info.zone(), plan.interval(), plan.intervalCount(),
                    s.getPeriodIndex() + 1);
            Engine.InvoiceDraft d = engine.periodDraft(s, plan, p);
            long balance = CustomerStore.require(tx, info.uuid(), new CustomerId(s.getCustomerId())).getCreditBalance();
            return Optional.of(preview(s, d, InvoiceKind.PERIOD, p.start(), info.currency(), balance));
        });
    }

    /**
     * The proration invoice that {@link Subscriptions#change} would issue now, or empty when the
     * change would not prorate (trialing, paused, unpaid). Raises what the change itself would.
     */
    public Optional<InvoicePreview> previewChange(TenantContext ctx, SubscriptionId id, SubscriptionChange change) {
        TenantInfo info = engine.tenant(ctx);
        return engine.db().tenant(ctx, tx -> {
            Instant now = engine.now();
            BillingSubscriptionRecord s = SubscriptionStore.find(tx, info.uuid(), id)
                    .orElseThrow(() -> SubscriptionStore.unknown(id));
            Plan oldPlan = PlanStore.require(tx, info.uuid(), new PlanId(s.getPlanId()));
            Plan newPlan = change.plan().isPresent() ? PlanStore.require(tx, info.uuid(), change.plan().get()) : oldPlan;
            if (newPlan.interval() != oldPlan.interval() || newPlan.intervalCount() != oldPlan.intervalCount()) {
                throw CityOsException.invalid("plan", newPlan.code(), "bills on another interval: a change keeps the"
                        + " interval in v1");
            }
            long newQty = change.quantity().orElse(s.getQuantity());
            if (SubscriptionStore.status(s) == SubscriptionStatus.CANCELED) {
                throw new CityOsException(org.cityos.core.ErrorCode.INVALID_TRANSITION, "subscription '" + id
                        + "' is canceled and cannot change");
            }
            Optional<Engine.InvoiceDraft> d = Subscriptions.prorationDraft(s, oldPlan, s.getQuantity(),
                    oldPlan.amount(s.getQuantity()), newPlan, newQty, newPlan.amount(newQty), now);
            long balance = CustomerStore.require(tx, info.uuid(), new CustomerId(s.getCustomerId())).getCreditBalance();
            return d.map(x -> preview(s, x, InvoiceKind.PRORATION, now, info.currency(), balance));
        });
    }

    private static InvoicePreview preview(BillingSubscriptionRecord s, Engine.InvoiceDraft d, InvoiceKind kind,
                                          Instant at, String currency, long balance) {
        List<InvoiceLine> lines = new ArrayList<>();
        long subtotal = 0;
        int n = 1;
        for (Engine.LineDraft l : d.lines()) {
            lines.add(new InvoiceLine(n++, l.kind(), l.description(), Optional.ofNullable(l.plan()),
                    l.quantity() == null ? OptionalLong.empty() : OptionalLong.of(l.quantity()), l.amount()));
            subtotal += l.amount();
        }
        long applied = subtotal > 0 ? Math.min(balance, subtotal) : 0;
        if (applied > 0) {
            lines.add(new InvoiceLine(n, LineKind.CREDIT_APPLIED, "Customer credit applied", Optional.empty(),
                    OptionalLong.empty(), -applied));
        }
        return new InvoicePreview(new CustomerId(s.getCustomerId()), new SubscriptionId(s.getId()), kind, at,
                d.serviceStart(), d.serviceEnd(), currency, lines, subtotal, applied, Math.max(0, subtotal - applied));
    }

}
