package org.cityos.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.cityos.billing.Billing;
import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.B2b;
import org.cityos.billing.customer.NewCustomer;
import org.cityos.billing.plan.NewPlan;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.rules.Pricing;
import org.cityos.billing.rules.Tier;
import org.cityos.billing.run.BillingJobs;
import org.cityos.billing.stripe.StripePaymentGateway;
import org.cityos.billing.subscription.ChangeResult;
import org.cityos.billing.subscription.NewSubscription;
import org.cityos.billing.subscription.Subscription;
import org.cityos.billing.subscription.SubscriptionChange;
import org.cityos.billing.subscription.SubscriptionStatus;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.TenantContext;
import org.cityos.core.job.ScheduleState;
import org.cityos.marketplace.Marketplace;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/**
 * docs/billing.md: billing built with the Stripe gateway (on a fake key from surefire's
 * environment; nothing is charged, the subscription is on trial), the API's plan-to-change walk,
 * and the runs on the job queue.
 */
class BillingSnippetsTest {

    @BothDatabases
    void setting_up_and_a_subscription_on_trial(TestDatabase db) {
        assumeTrue(System.getenv("STRIPE_SECRET_KEY") != null, "surefire sets a fake STRIPE_SECRET_KEY");
        DataSource ds = db.ownerDataSource();

        CityOs cityOs = CityOs.builder().dataSource(ds).clock(Clock.systemUTC()).build();
        Billing billing = Billing.builder(cityOs)
                .paymentGateway(StripePaymentGateway.withApiKey(System.getenv("STRIPE_SECRET_KEY")))
                .claimLease(Duration.ofMinutes(5))        // default: how long a run owns an attempt it is sending
                .retryableDelay(Duration.ofMinutes(1))    // default: when a retryable answer is sent again
                .build();                                 // runs the billing migrations (or verifies them)

        TenantContext ctx = TenantContext.of(DocsFixtures.tenant(cityOs, "riyadh-market").id(), DocsFixtures.ADMIN);

        Plan pro = billing.plans().create(ctx, NewPlan.monthly("pro", "Pro",
                Pricing.graduated(List.of(Tier.upTo(10, 500), Tier.upTo(50, 400), Tier.rest(300)))).withTrialDays(14));
        billing.customers().register(ctx, NewCustomer.of(CustomerId.of("cust-42"), "cus_Q1...", "pm_1..."));
        Subscription s = billing.subscriptions().create(ctx, new NewSubscription(CustomerId.of("cust-42"), pro.id(), 12));
        ChangeResult r = billing.subscriptions().change(ctx, s.id(), SubscriptionChange.toQuantity(20));

        assertThat(s.status()).isEqualTo(SubscriptionStatus.TRIALING);
        assertThat(r.subscription().quantity()).isEqualTo(20);
        assertThat(r.prorationInvoice()).isEmpty();
    }

    @BothDatabases
    void the_runs_on_the_job_queue(TestDatabase db) {
        CityOs cityOs = db.cityOs(TestClock.at("2026-01-05T09:00:00Z"));
        Billing billing = Billing.create(cityOs);
        B2b b2b = B2b.create(billing, Marketplace.create(cityOs));

        BillingJobs.builder(cityOs, billing)
                .b2b(b2b)                             // optional: also the quote expiry and overdue sweeps
                .runEvery(Duration.ofMinutes(5))      // default
                .dunningEvery(Duration.ofMinutes(30)) // default
                .b2bEvery(Duration.ofMinutes(15))     // default
                .install();                           // on every node that runs JobWorkers

        assertThat(cityOs.jobs().schedules()).extracting(st -> st.schedule().name())
                .contains("billing.run", "billing.dunning", "billing.b2b.expire_quotes", "billing.b2b.mark_overdue");
        assertThat(cityOs.jobs().schedules()).extracting(ScheduleState::nextRunAt).doesNotContainNull();
        assertThatThrownBy(() -> BillingJobs.builder(cityOs, billing).install())
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code().code()).isEqualTo("conflict"));
    }
}
