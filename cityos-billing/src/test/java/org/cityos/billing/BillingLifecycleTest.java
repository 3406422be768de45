package org.cityos.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.invoice.InvoiceKind;
import org.cityos.billing.invoice.InvoiceStatus;
import org.cityos.billing.invoice.LineKind;
import org.cityos.billing.invoice.PaymentAttempt;
import org.cityos.billing.plan.NewPlan;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.rules.DunningSchedule;
import org.cityos.billing.rules.Pricing;
import org.cityos.billing.run.RunReport;
import org.cityos.billing.subscription.CancelMode;
import org.cityos.billing.subscription.ChangeResult;
import org.cityos.billing.subscription.NewSubscription;
import org.cityos.billing.subscription.Subscription;
import org.cityos.billing.subscription.SubscriptionChange;
import org.cityos.billing.subscription.SubscriptionStatus;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

class BillingLifecycleTest {

    private static List<String> startDays(List<Invoice> invoices) {
        return invoices.stream().map(i -> LocalDate.ofInstant(i.periodStart().orElseThrow(), ZoneOffset.UTC).toString())
                .toList();
    }

    @BothDatabases
    void a_year_of_monthly_billing_from_jan_31_bills_each_period_on_the_right_day(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2028-01-31T10:00:00Z"));
        Plan plan = f.monthly("basic", 1500);
        CustomerId c = f.customer("c1");
        f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        List<String> days = List.of("2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30", "2028-05-31",
                "2028-06-30", "2028-07-31", "2028-08-31", "2028-09-30", "2028-10-31", "2028-11-30", "2028-12-31",
                "2029-01-31");
        for (int i = 1; i < days.size(); i++) {
            Instant start = Instant.parse(days.get(i) + "T10:00:00Z");
            f.clock.set(start.minusSeconds(1));
            assertThat(f.billing.run().runDue(f.ctx).invoicesIssued()).as("a second before %s", start).isZero();
            f.clock.set(start);
            assertThat(f.billing.run().runDue(f.ctx).invoicesIssued()).as("at %s", start).isEqualTo(1);
        }
        List<Invoice> invoices = f.invoices(c);
        assertThat(startDays(invoices)).containsExactlyElementsOf(days);
        assertThat(invoices).extracting(Invoice::number).containsExactly("INV-000001", "INV-000002", "INV-000003",
                "INV-000004", "INV-000005", "INV-000006", "INV-000007", "INV-000008", "INV-000009", "INV-000010",
                "INV-000011", "INV-000012", "INV-000013");
        assertThat(invoices).allSatisfy(i -> {
            assertThat(i.status()).isEqualTo(InvoiceStatus.PAID);
            assertThat(i.amountDue()).isEqualTo(1500);
        });
        assertThat(invoices.get(1).serviceEnd()).isEqualTo("2028-03-31T10:00:00Z");
        assertThat(f.gateway.charges()).hasSize(13);
    }

    @BothDatabases
    void a_run_a_year_late_issues_each_missed_period_once(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2027-01-31T10:00:00Z"));
        Plan plan = f.monthly("basic", 1500);
        CustomerId c = f.customer("c1");
        f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        f.at("2028-01-31T10:00:00Z");
        RunReport report = f.billing.run().runDue(f.ctx, 5);
        assertThat(report.invoicesIssued()).isEqualTo(12);
        assertThat(f.billing.run().runDue(f.ctx).invoicesIssued()).isZero();
        assertThat(startDays(f.invoices(c))).containsExactly("2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30",
                "2027-05-31", "2027-06-30", "2027-07-31", "2027-08-31", "2027-09-30", "2027-10-31", "2027-11-30",
                "2027-12-31", "2028-01-31");
    }

    @BothDatabases
    void a_trial_bills_nothing_until_it_ends_then_anchors_there(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-03-01T12:00:00Z"));
        Plan plan = f.billing.plans().create(f.ctx, NewPlan.monthly("pro", "Pro", Pricing.flat(2000)).withTrialDays(14));
        CustomerId c = f.customer("c1");
        Subscription s = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        assertThat(s.status()).isEqualTo(SubscriptionStatus.TRIALING);
        assertThat(s.trialEnd()).contains(Instant.parse("2026-03-15T12:00:00Z"));
        assertThat(f.invoices(c)).isEmpty();

        f.at("2026-03-15T11:59:59Z");
        assertThat(f.billing.run().runDue(f.ctx).invoicesIssued()).isZero();
        f.at("2026-03-15T12:00:00Z");
        assertThat(f.billing.run().runDue(f.ctx).invoicesIssued()).isEqualTo(1);

        Subscription after = f.billing.subscriptions().require(f.ctx, s.id());
        assertThat(after.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(after.anchor()).contains(Instant.parse("2026-03-15T12:00:00Z"));
        assertThat(after.nextBillingAt()).contains(Instant.parse("2026-04-15T12:00:00Z"));
        Invoice first = f.invoices(c).get(0);
        assertThat(first.periodStart()).contains(Instant.parse("2026-03-15T12:00:00Z"));
        assertThat(first.amountDue()).isEqualTo(2000);
        assertThat(first.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(f.eventTypes(f.ctx)).containsSubsequence("subscription.created", "subscription.activated",
                "invoice.issued", "invoice.paid");
    }

    @BothDatabases
    void a_plan_change_on_day_10_of_30_prorates_to_the_second_and_a_net_credit_pays_the_next_invoice(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-04-01T00:00:00Z"));
        Plan basic = f.monthly("basic", 3000);
        Plan pro = f.monthly("pro", 6000);
        CustomerId c = f.customer("c1");
        Subscription s = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, basic.id()));
        assertThat(s.currentPeriod().orElseThrow().end()).isEqualTo("2026-05-01T00:00:00Z");

        f.at("2026-04-11T00:00:00Z"); // 10 of 30 days used
        ChangeResult up = f.billing.subscriptions().change(f.ctx, s.id(), SubscriptionChange.toPlan(pro.id()));
        Invoice proration = up.prorationInvoice().orElseThrow();
        assertThat(proration.kind()).isEqualTo(InvoiceKind.PRORATION);
        assertThat(proration.lines()).extracting(l -> l.kind(), l -> l.amount())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LineKind.PRORATION_CREDIT, -2000L),
                        org.assertj.core.groups.Tuple.tuple(LineKind.PRORATION_CHARGE, 4000L));
        assertThat(proration.amountDue()).isEqualTo(2000);
        assertThat(proration.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(up.subscription().plan()).isEqualTo(pro.id());
        assertThat(up.subscription().anchor()).contains(Instant.parse("2026-04-01T00:00:00Z"));

        f.at("2026-04-21T00:00:07Z"); // 9 days, 23:59:53 left
        ChangeResult down = f.billing.subscriptions().change(f.ctx, s.id(), SubscriptionChange.toPlan(basic.id()));
        // credit round_half_up(6000 * 863993 / 2592000) = 2000 (1999.98), charge round_half_up(3000 * 863993 / 2592000) = 1000 (999.99)
        Invoice credit = down.prorationInvoice().orElseThrow();
        assertThat(credit.subtotal()).isEqualTo(-1000);
        assertThat(credit.amountDue()).isZero();
        assertThat(credit.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(f.billing.customers().require(f.ctx, c).creditBalance()).isEqualTo(1000);

        f.at("2026-05-01T00:00:00Z");
        f.billing.run().runDue(f.ctx);
        Invoice may = f.invoices(c).get(3);
        assertThat(may.periodStart()).contains(Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(may.subtotal()).isEqualTo(3000);
        assertThat(may.creditApplied()).isEqualTo(1000);
        assertThat(may.amountDue()).isEqualTo(2000);
        assertThat(may.lines()).extracting(l -> l.kind()).containsExactly(LineKind.PLAN, LineKind.CREDIT_APPLIED);
        assertThat(f.billing.customers().require(f.ctx, c).creditBalance()).isZero();
        assertThat(f.gateway.charges()).extracting(r -> r.amount()).containsExactly(3000L, 2000L, 2000L);
    }

    @BothDatabases
    void a_failed_first_payment_that_succeeds_on_the_second_retry_pays_and_reactivates(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-06-01T08:00:00Z"));
        Plan plan = f.monthly("basic", 2500);
        CustomerId c = f.customer("c1");
        f.gateway.thenDecline(2);
        Subscription s = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        assertThat(s.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
        Invoice inv = f.invoices(c).get(0);
        assertThat(inv.status()).isEqualTo(InvoiceStatus.OPEN);
        assertThat(inv.nextAttemptAt()).contains(Instant.parse("2026-06-02T08:00:00Z"));

        f.at("2026-06-02T07:59:59Z");
        assertThat(f.billing.dunning().runDue(f.ctx).chargesAttempted()).isZero();
        f.at("2026-06-02T08:00:00Z");
        assertThat(f.billing.dunning().runDue(f.ctx).failed()).isEqualTo(1);
        assertThat(f.billing.invoices().require(f.ctx, inv.id()).nextAttemptAt())
                .contains(Instant.parse("2026-06-04T08:00:00Z"));
        f.at("2026-06-04T08:00:00Z");
        assertThat(f.billing.dunning().runDue(f.ctx).paid()).isEqualTo(1);

        assertThat(f.billing.invoices().require(f.ctx, inv.id()).status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(f.billing.subscriptions().require(f.ctx, s.id()).status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(f.billing.invoices().attempts(f.ctx, inv.id())).extracting(PaymentAttempt::idempotencyKey,
                PaymentAttempt::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cityos-" + inv.id() + "-1", "failed"),
                org.assertj.core.groups.Tuple.tuple("cityos-" + inv.id() + "-2", "failed"),
                org.assertj.core.groups.Tuple.tuple("cityos-" + inv.id() + "-3", "succeeded"));
        assertThat(f.gateway.charges()).hasSize(1);
        assertThat(f.eventTypes(f.ctx)).containsSubsequence("subscription.created", "invoice.issued",
                "subscription.past_due", "invoice.payment_failed", "invoice.payment_failed", "invoice.paid",
                "subscription.activated");
    }

    @BothDatabases
    void a_failure_that_exhausts_the_schedule_makes_the_invoice_uncollectible_and_the_subscription_unpaid(
            TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-06-01T08:00:00Z"));
        Plan plan = f.monthly("basic", 2500);
        CustomerId c = f.customer("c1");
        f.gateway.thenDecline(4);
        Subscription s = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        for (String day : List.of("2026-06-02", "2026-06-04", "2026-06-08")) {
            f.at(day + "T08:00:00Z");
            assertThat(f.billing.dunning().runDue(f.ctx).failed()).isEqualTo(1);
        }
        Invoice inv = f.invoices(c).get(0);
        assertThat(inv.status()).isEqualTo(InvoiceStatus.UNCOLLECTIBLE);
        assertThat(inv.attemptCount()).isEqualTo(4);
        assertThat(inv.nextAttemptAt()).isEmpty();
        assertThat(f.billing.subscriptions().require(f.ctx, s.id()).status()).isEqualTo(SubscriptionStatus.UNPAID);

        f.at("2026-07-01T08:00:00Z");
        assertThat(f.billing.run().runDue(f.ctx).invoicesIssued()).isZero();
        assertThat(f.billing.dunning().runDue(f.ctx).chargesAttempted()).isZero();

        f.at("2026-07-05T09:00:00Z");
        Subscription back = f.billing.subscriptions().reactivate(f.ctx, s.id());
        assertThat(back.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(back.anchor()).contains(Instant.parse("2026-07-05T09:00:00Z"));
        assertThat(f.invoices(c)).hasSize(2);
        assertThat(f.invoices(c).get(1).status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(f.eventTypes(f.ctx)).containsSubsequence("invoice.uncollectible", "subscription.unpaid",
                "subscription.reactivated");
    }

    @BothDatabases
    void exhaustion_cancels_when_the_tenant_says_so_on_its_own_schedule(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-06-01T08:00:00Z"),
                Map.of(DunningSchedule.RETRY_DAYS, "2", DunningSchedule.ON_EXHAUSTED, "canceled"));
        Plan plan = f.monthly("basic", 2500);
        CustomerId c = f.customer("c1");
        f.gateway.thenDecline(2);
        Subscription s = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        f.at("2026-06-02T08:00:00Z");
        assertThat(f.billing.dunning().runDue(f.ctx).chargesAttempted()).isZero();
        f.at("2026-06-03T08:00:00Z");
        assertThat(f.billing.dunning().runDue(f.ctx).failed()).isEqualTo(1);
        Subscription after = f.billing.subscriptions().require(f.ctx, s.id());
        assertThat(after.status()).isEqualTo(SubscriptionStatus.CANCELED);
        assertThat(after.canceledAt()).contains(Instant.parse("2026-06-03T08:00:00Z"));
    }

    @BothDatabases
    void pause_stops_invoices_and_resume_anchors_anew_and_bills_at_once(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-01-01T00:00:00Z"));
        Plan plan = f.monthly("basic", 1000);
        CustomerId c = f.customer("c1");
        Subscription s = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        f.at("2026-01-10T00:00:00Z");
        assertThat(f.billing.subscriptions().pause(f.ctx, s.id()).status()).isEqualTo(SubscriptionStatus.PAUSED);
        f.at("2026-02-01T00:00:00Z");
        assertThat(f.billing.run().runDue(f.ctx).invoicesIssued()).isZero();
        f.at("2026-02-15T00:00:00Z");
        Subscription resumed = f.billing.subscriptions().resume(f.ctx, s.id());
        assertThat(resumed.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(resumed.anchor()).contains(Instant.parse("2026-02-15T00:00:00Z"));
        assertThat(resumed.nextBillingAt()).contains(Instant.parse("2026-03-15T00:00:00Z"));
        f.at("2026-03-15T00:00:00Z");
        assertThat(f.billing.run().runDue(f.ctx).invoicesIssued()).isEqualTo(1);
        assertThat(startDays(f.invoices(c))).containsExactly("2026-01-01", "2026-02-15", "2026-03-15");
    }

    @BothDatabases
    void cancel_at_period_end_keeps_the_period_then_cancels_without_an_invoice_and_cancel_now_is_at_once(
            TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-01-01T00:00:00Z"));
        Plan plan = f.monthly("basic", 1000);
        CustomerId c = f.customer("c1");
        Subscription s = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        Subscription other = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        f.at("2026-01-05T00:00:00Z");
        Subscription canceling = f.billing.subscriptions().cancel(f.ctx, s.id(), CancelMode.AT_PERIOD_END);
        assertThat(canceling.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(canceling.cancelAtPeriodEnd()).isTrue();
        assertThat(f.billing.customers().upcomingInvoice(f.ctx, s.id())).isEmpty();
        Subscription now = f.billing.subscriptions().cancel(f.ctx, other.id(), CancelMode.NOW);
        assertThat(now.status()).isEqualTo(SubscriptionStatus.CANCELED);
        assertThat(now.canceledAt()).contains(Instant.parse("2026-01-05T00:00:00Z"));

        f.at("2026-02-01T00:00:00Z");
        RunReport report = f.billing.run().runDue(f.ctx);
        assertThat(report.invoicesIssued()).isZero();
        assertThat(report.subscriptionsCanceled()).isEqualTo(1);
        Subscription ended = f.billing.subscriptions().require(f.ctx, s.id());
        assertThat(ended.status()).isEqualTo(SubscriptionStatus.CANCELED);
        assertThat(ended.canceledAt()).contains(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(f.invoices(c)).hasSize(2);
    }

    @BothDatabases
    void retries_that_succeed_together_in_one_run_make_every_past_due_subscription_active(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-06-01T08:00:00Z"));
        Plan plan = f.monthly("basic", 2500);
        f.gateway.thenDecline(3);
        List<Subscription> subs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            subs.add(f.billing.subscriptions().create(f.ctx, NewSubscription.of(f.customer("c" + i), plan.id())));
        }
        assertThat(subs).allSatisfy(s -> assertThat(s.status()).isEqualTo(SubscriptionStatus.PAST_DUE));
        f.at("2026-06-02T08:00:00Z");
        assertThat(f.billing.dunning().runDue(f.ctx).paid()).isEqualTo(3);
        for (Subscription s : subs) {
            assertThat(f.billing.subscriptions().require(f.ctx, s.id()).status()).isEqualTo(SubscriptionStatus.ACTIVE);
        }
        assertThat(f.allInvoices(f.ctx)).allSatisfy(i -> {
            assertThat(i.status()).isEqualTo(InvoiceStatus.PAID);
            assertThat(i.nextAttemptAt()).isEmpty();
        });
        assertThat(f.eventTypes(f.ctx).stream().filter("subscription.activated"::equals)).hasSize(3);
    }
}
