package org.cityos.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.plan.NewPlan;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.plan.PlanStatus;
import org.cityos.billing.rules.Interval;
import org.cityos.billing.rules.Pricing;
import org.cityos.billing.rules.Tier;
import org.cityos.billing.subscription.CancelMode;
import org.cityos.billing.subscription.NewSubscription;
import org.cityos.billing.subscription.Subscription;
import org.cityos.billing.subscription.SubscriptionChange;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class BillingValidationTest {

    private static void refused(ThrowingCallable call, ErrorCode code, String named) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(code)).hasMessageContaining(named);
    }

    @Test
    void bad_plans_and_quantities_are_refused_before_anything_runs() {
        refused(() -> Pricing.flat(-100), ErrorCode.INVALID_AMOUNT, "-100");
        refused(() -> new NewPlan("basic", "Basic", Interval.MONTH, 0, 0, Pricing.flat(100)),
                ErrorCode.INVALID_ARGUMENT, "interval_count");
        refused(() -> new NewPlan("basic", "Basic", Interval.MONTH, 1, -1, Pricing.flat(100)),
                ErrorCode.INVALID_ARGUMENT, "trial_days");
        refused(() -> NewPlan.monthly("Bad Code", "x", Pricing.flat(1)), ErrorCode.INVALID_ARGUMENT, "Bad Code");
        refused(() -> new NewSubscription(CustomerId.of("c"), new PlanId(UUID.randomUUID()), 0),
                ErrorCode.INVALID_AMOUNT, "0");
        refused(() -> SubscriptionChange.toQuantity(-2), ErrorCode.INVALID_AMOUNT, "-2");
        refused(() -> CustomerId.of(" "), ErrorCode.INVALID_ARGUMENT, "customer id");
    }

    @BothDatabases
    void unknown_ids_bad_amounts_and_changes_on_canceled_subscriptions_are_typed_and_write_nothing(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-01-01T00:00:00Z"));
        Plan plan = f.monthly("basic", 1000);
        Plan huge = f.billing.plans().create(f.ctx, NewPlan.monthly("huge", "Huge", Pricing.flat(Long.MAX_VALUE / 2)));
        CustomerId c = f.customer("c1");
        Subscription s = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        f.billing.subscriptions().cancel(f.ctx, s.id(), CancelMode.NOW);
        Map<String, Long> before = f.counts();

        PlanId nope = new PlanId(UUID.randomUUID());
        refused(() -> f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, nope)), ErrorCode.UNKNOWN_PLAN,
                nope.toString());
        refused(() -> f.billing.subscriptions().create(f.ctx, NewSubscription.of(CustomerId.of("ghost"), plan.id())),
                ErrorCode.UNKNOWN_CUSTOMER, "ghost");
        refused(() -> f.billing.subscriptions().create(f.ctx, new NewSubscription(c, huge.id(), 3)),
                ErrorCode.INVALID_AMOUNT, "overflows");
        refused(() -> f.billing.subscriptions().change(f.ctx, s.id(), SubscriptionChange.toQuantity(2)),
                ErrorCode.INVALID_TRANSITION, "canceled");
        refused(() -> f.billing.subscriptions().pause(f.ctx, s.id()), ErrorCode.INVALID_TRANSITION, "canceled");
        refused(() -> f.billing.subscriptions().resume(f.ctx, s.id()), ErrorCode.INVALID_TRANSITION, "canceled");
        refused(() -> f.billing.subscriptions().cancel(f.ctx, s.id(), CancelMode.NOW), ErrorCode.INVALID_TRANSITION,
                "canceled");
        refused(() -> f.billing.subscriptions().cancel(f.ctx, s.id(), CancelMode.AT_PERIOD_END),
                ErrorCode.INVALID_TRANSITION, "canceled");
        SubscriptionId ghost = new SubscriptionId(UUID.randomUUID());
        refused(() -> f.billing.subscriptions().pause(f.ctx, ghost), ErrorCode.UNKNOWN_SUBSCRIPTION, ghost.toString());
        refused(() -> f.billing.plans().create(f.ctx, NewPlan.monthly("basic", "Again", Pricing.flat(5))),
                ErrorCode.CONFLICT, "basic");
        InvoiceId paid = f.invoices(c).get(0).id();
        refused(() -> f.billing.invoices().voidInvoice(f.ctx, paid), ErrorCode.INVALID_TRANSITION, "paid");
        refused(() -> f.billing.run().runDue(f.ctx, 0), ErrorCode.INVALID_ARGUMENT, "page size");

        assertThat(f.counts()).isEqualTo(before);
    }

    @BothDatabases
    void lifecycle_moves_the_spec_forbids_are_invalid_transitions(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-01-01T00:00:00Z"));
        Plan trial = f.billing.plans().create(f.ctx, NewPlan.monthly("trial", "Trial", Pricing.flat(1000)).withTrialDays(7));
        Plan plan = f.monthly("basic", 1000);
        CustomerId c = f.customer("c1");
        Subscription trialing = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, trial.id()));
        Subscription active = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        Map<String, Long> before = f.counts();
        refused(() -> f.billing.subscriptions().pause(f.ctx, trialing.id()), ErrorCode.INVALID_TRANSITION,
                "trialing to paused");
        refused(() -> f.billing.subscriptions().resume(f.ctx, active.id()), ErrorCode.INVALID_TRANSITION, "active");
        refused(() -> f.billing.subscriptions().reactivate(f.ctx, active.id()), ErrorCode.INVALID_TRANSITION, "active");
        refused(() -> f.billing.subscriptions().change(f.ctx, active.id(), SubscriptionChange.toPlan(
                f.billing.plans().create(f.ctx, NewPlan.monthly("yearly", "Yearly", Pricing.flat(9000))
                        .every(1, Interval.YEAR)).id())), ErrorCode.INVALID_ARGUMENT, "interval");
        assertThat(f.counts().get("billing_subscription")).isEqualTo(before.get("billing_subscription"));
        assertThat(f.counts().get("billing_invoice")).isEqualTo(before.get("billing_invoice"));
    }

    @BothDatabases
    void an_archived_plan_takes_no_new_subscriptions_and_keeps_billing_the_ones_it_has(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-01-01T00:00:00Z"));
        Plan plan = f.billing.plans().create(f.ctx, NewPlan.monthly("tiered", "Tiered",
                Pricing.graduated(List.of(Tier.upTo(10, 500), Tier.upTo(50, 400), Tier.rest(300)))));
        CustomerId c = f.customer("c1");
        f.billing.subscriptions().create(f.ctx, new NewSubscription(c, plan.id(), 60));
        assertThat(f.billing.plans().archive(f.ctx, plan.id()).status()).isEqualTo(PlanStatus.ARCHIVED);
        refused(() -> f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id())),
                ErrorCode.INVALID_ARGUMENT, "archived");
        assertThat(f.billing.plans().list(f.ctx, PageRequest.first(10), false).items()).isEmpty();
        assertThat(f.billing.plans().list(f.ctx, PageRequest.first(10), true).items()).hasSize(1);
        f.at("2026-02-01T00:00:00Z");
        assertThat(f.billing.run().runDue(f.ctx).invoicesIssued()).isEqualTo(1);
        assertThat(f.invoices(c)).extracting(Invoice::amountDue).containsExactly(24000L, 24000L);
    }

    @BothDatabases
    void another_tenant_cannot_see_or_touch_a_tenants_billing(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-01-01T00:00:00Z"));
        Plan plan = f.monthly("basic", 1000);
        CustomerId c = f.customer("c1");
        Subscription s = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        Invoice inv = f.invoices(c).get(0);
        TenantContext other = f.tenant("rival", Map.of());
        f.customer(other, "c1");
        Map<String, Long> before = f.counts();

        assertThat(f.billing.subscriptions().get(other, s.id())).isEmpty();
        assertThat(f.billing.plans().get(other, plan.id())).isEmpty();
        refused(() -> f.billing.subscriptions().cancel(other, s.id(), CancelMode.NOW), ErrorCode.UNKNOWN_SUBSCRIPTION,
                s.id().toString());
        refused(() -> f.billing.subscriptions().change(other, s.id(), SubscriptionChange.toQuantity(3)),
                ErrorCode.UNKNOWN_SUBSCRIPTION, s.id().toString());
        refused(() -> f.billing.invoices().voidInvoice(other, inv.id()), ErrorCode.UNKNOWN_INVOICE, inv.id().toString());
        refused(() -> f.billing.invoices().require(other, inv.id()), ErrorCode.UNKNOWN_INVOICE, inv.id().toString());
        refused(() -> f.billing.subscriptions().create(other, NewSubscription.of(c, plan.id())), ErrorCode.UNKNOWN_PLAN,
                plan.id().toString());
        refused(() -> f.billing.customers().upcomingInvoice(other, s.id()), ErrorCode.UNKNOWN_SUBSCRIPTION,
                s.id().toString());
        assertThat(f.billing.customers().invoices(other, c, PageRequest.first(10)).items()).isEmpty();
        f.at("2026-02-01T00:00:00Z");
        assertThat(f.billing.run().runDue(other).invoicesIssued()).isZero();
        assertThat(f.counts()).isEqualTo(before);

        // each tenant numbers its own invoices from 1
        Plan theirs = f.billing.plans().create(other, NewPlan.monthly("basic", "Basic", Pricing.flat(700)));
        f.billing.subscriptions().create(other, NewSubscription.of(c, theirs.id()));
        assertThat(f.allInvoices(other)).extracting(Invoice::number).containsExactly("INV-000001");
    }
}
