package org.cityos.billing.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.cityos.billing.Billing;
import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.B2b;
import org.cityos.billing.b2b.PaymentTerms;
import org.cityos.billing.b2b.company.Company;
import org.cityos.billing.b2b.company.NewCompany;
import org.cityos.billing.b2b.purchase.Purchase;
import org.cityos.billing.b2b.purchase.PurchaseRequest;
import org.cityos.billing.b2b.quote.NewQuote;
import org.cityos.billing.b2b.quote.NewQuoteLine;
import org.cityos.billing.b2b.quote.Quote;
import org.cityos.billing.b2b.quote.QuoteEntry;
import org.cityos.billing.b2b.quote.QuotePrice;
import org.cityos.billing.b2b.quote.QuoteSide;
import org.cityos.billing.b2b.quote.QuoteStatus;
import org.cityos.billing.customer.NewCustomer;
import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.invoice.InvoiceStatus;
import org.cityos.billing.payment.ChargeResult;
import org.cityos.billing.plan.NewPlan;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.rules.Pricing;
import org.cityos.billing.subscription.NewSubscription;
import org.cityos.billing.subscription.SubscriptionStatus;
import org.cityos.billing.testing.ScriptedPaymentGateway;
import org.cityos.core.CityOs;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.job.JobStatus;
import org.cityos.core.tenancy.TenantStatus;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TenantBuilder;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

class BillingJobsTest {
    private static final Principal ADMIN = Principal.user("admin", "admin");

    @BothDatabases
    void a_month_of_billing_dunning_and_b2b_sweeps_happens_through_the_schedules_alone(TestDatabase db) {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        CityOs cityOs = db.cityOs(clock);
        ScriptedPaymentGateway gateway = new ScriptedPaymentGateway()
                .then(new ChargeResult.Succeeded("pay_first"), ScriptedPaymentGateway.decline());
        Billing billing = Billing.create(cityOs, gateway);
        Marketplace market = Marketplace.create(cityOs);
        B2b b2b = B2b.create(billing, market);
        TenantContext gym = TenantBuilder.on(cityOs).handle("gym").actingAs(ADMIN).create();
        TenantContext spa = TenantBuilder.on(cityOs).handle("spa").actingAs(ADMIN).create();
        TenantContext closed = TenantBuilder.on(cityOs).handle("closed").actingAs(ADMIN).create();

        // gym: c1 pays, c2's first charge is declined; spa: c3 on a 10-day trial; closed: c4, then suspended
        CustomerId c1 = customer(billing, gym, "c1");
        CustomerId c2 = customer(billing, gym, "c2");
        CustomerId c3 = customer(billing, spa, "c3");
        CustomerId c4 = customer(billing, closed, "c4");
        Plan gymPlan = billing.plans().create(gym, NewPlan.monthly("basic", "Basic", Pricing.flat(1500)));
        Plan spaPlan = billing.plans().create(spa, NewPlan.monthly("calm", "Calm", Pricing.flat(9000)).withTrialDays(10));
        Plan closedPlan = billing.plans().create(closed, NewPlan.monthly("x", "X", Pricing.flat(100)));
        billing.subscriptions().create(gym, NewSubscription.of(c1, gymPlan.id()));
        var s2 = billing.subscriptions().create(gym, NewSubscription.of(c2, gymPlan.id()));
        assertThat(billing.subscriptions().require(gym, s2.id()).status()).isEqualTo(SubscriptionStatus.PAST_DUE);
        billing.subscriptions().create(spa, NewSubscription.of(c3, spaPlan.id()));
        billing.subscriptions().create(closed, NewSubscription.of(c4, closedPlan.id()));
        cityOs.tenancy().tenants().setStatus(closed, TenantStatus.SUSPENDED);

        // gym also sells to a company on net 15, and quotes it a price until Jan 5, noon
        market.products().link(gym, "gift-wrap", VendorRef.platform(), Optional.empty());
        Company acme = b2b.companies().create(gym, NewCompany.of("acme", "Acme", CustomerId.of("bob"))
                .withCreditLimit(10_000).withTerms(PaymentTerms.NET_15));
        Quote quote = b2b.quotes().request(gym, CustomerId.of("bob"), NewQuote.of(NewQuoteLine.of("q", "gift-wrap", 10)));
        b2b.quotes().price(gym, quote.id(), List.of(QuotePrice.of("q", 400)), Instant.parse("2026-01-05T12:00:00Z"),
                Optional.empty());
        clock.set(Instant.parse("2026-01-03T10:00:00Z"));
        Purchase.Placed po = (Purchase.Placed) b2b.purchases().submit(gym, CustomerId.of("bob"),
                PurchaseRequest.onTerms(NewOrder.of("ord-1", NewOrderLine.of("a", "gift-wrap", 1, 500)), "PO-1"));
        clock.set(Instant.parse("2026-01-01T00:00:00Z"));

        // from here on only the schedules act: one tick a day
        BillingJobs.builder(cityOs, billing).b2b(b2b).runEvery(Duration.ofDays(1)).dunningEvery(Duration.ofDays(1))
                .b2bEvery(Duration.ofDays(1)).install();
        int ran = 0;
        for (int day = 1; day <= 32; day++) {
            clock.advance(Duration.ofDays(1));
            ran += JobsTestSupport.runUntilIdle(cityOs);
        }
        // per daily tick: four fan-outs, and four jobs for each of the two active tenants; and once the
        // marketplace's delivery of ord-1's order.placed to its vendor notifier
        assertThat(ran).isEqualTo(32 * (4 + 2 * 4) + 1);
        assertThat(cityOs.jobs().count(JobStatus.DEAD)).isZero();
        assertThat(cityOs.jobs().count(JobStatus.FAILED)).isZero();

        // gym: both subscriptions billed Jan 1 and Feb 1; c2's declined invoice was retried by dunning on Jan 2
        assertThat(periods(billing, gym, c1)).containsExactly("2026-01-01", "2026-02-01");
        assertThat(periods(billing, gym, c2)).containsExactly("2026-01-01", "2026-02-01");
        assertThat(invoices(billing, gym, c2)).allSatisfy(i -> assertThat(i.status()).isEqualTo(InvoiceStatus.PAID));
        assertThat(invoices(billing, gym, c2).get(0).paidAt()).contains(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(billing.subscriptions().require(gym, s2.id()).status()).isEqualTo(SubscriptionStatus.ACTIVE);
        // spa: the trial ended on Jan 11 and its first period was billed then
        assertThat(periods(billing, spa, c3)).containsExactly("2026-01-11");
        // the suspended tenant was left alone
        assertThat(periods(billing, closed, c4)).containsExactly("2026-01-01");
        // B2B: the quote expired after Jan 5 noon, the invoice on net 15 went overdue after Jan 18
        Quote expired = b2b.quotes().require(gym, quote.id());
        assertThat(expired.status()).isEqualTo(QuoteStatus.EXPIRED);
        QuoteEntry last = b2b.quotes().history(gym, quote.id()).get(2);
        assertThat(last.side()).isEqualTo(QuoteSide.SYSTEM);
        assertThat(last.author()).isEqualTo("system:jobs");
        assertThat(last.at()).isEqualTo(Instant.parse("2026-01-06T00:00:00Z"));
        Invoice overdue = billing.invoices().require(gym, po.invoice().orElseThrow().id());
        assertThat(overdue.purchaseOrder().orElseThrow().overdueAt()).contains(Instant.parse("2026-01-19T00:00:00Z"));
        assertThat(b2b.purchases().credit(gym, acme.id()).overdue()).isEqualTo(500);

        // running again at the same moment, by hand or by the queue, bills nothing twice
        assertThat(billing.run().runDue(gym).invoicesIssued()).isZero();
        assertThat(billing.dunning().runDue(gym).chargesAttempted()).isZero();
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isZero();
        assertThat(gateway.charges()).hasSize(6); // gym: c1 twice, c2 on its retry and in Feb; spa 1; closed 1
    }

    private static CustomerId customer(Billing billing, TenantContext ctx, String id) {
        CustomerId c = CustomerId.of(id);
        billing.customers().register(ctx, NewCustomer.of(c, "cus_" + id, "pm_" + id));
        return c;
    }

    private static List<Invoice> invoices(Billing billing, TenantContext ctx, CustomerId c) {
        return billing.customers().invoices(ctx, c, PageRequest.first(100)).items();
    }

    private static List<String> periods(Billing billing, TenantContext ctx, CustomerId c) {
        return invoices(billing, ctx, c).stream().map(i -> LocalDate.ofInstant(i.periodStart().orElseThrow(),
                ZoneOffset.UTC).toString()).toList();
    }
}
