package org.cityos.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.cityos.billing.customer.InvoicePreview;
import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.invoice.InvoiceKind;
import org.cityos.billing.plan.NewPlan;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.rules.Pricing;
import org.cityos.billing.rules.Tier;
import org.cityos.billing.subscription.ChangeResult;
import org.cityos.billing.subscription.NewSubscription;
import org.cityos.billing.subscription.Subscription;
import org.cityos.billing.subscription.SubscriptionChange;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

class CustomersTest {

    @BothDatabases
    void a_customer_pages_through_their_subscriptions_and_invoices(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-01-01T00:00:00Z"));
        Plan plan = f.monthly("basic", 1000);
        CustomerId c = f.customer("c1");
        CustomerId d = f.customer("c2");
        Subscription a = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        Subscription b = f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        f.billing.subscriptions().create(f.ctx, NewSubscription.of(d, plan.id()));

        Page<Subscription> first = f.billing.customers().subscriptions(f.ctx, c, PageRequest.first(1));
        assertThat(first.items()).extracting(Subscription::id).containsExactly(a.id());
        Page<Subscription> second = f.billing.customers().subscriptions(f.ctx, c,
                PageRequest.first(1).after(first.next().orElseThrow()));
        assertThat(second.items()).extracting(Subscription::id).containsExactly(b.id());
        assertThat(second.next()).isEmpty();
        assertThat(f.billing.customers().invoices(f.ctx, c, PageRequest.first(10)).items())
                .extracting(i -> i.subscription().orElseThrow()).containsExactly(a.id(), b.id());
    }

    @BothDatabases
    void the_upcoming_invoice_and_a_change_preview_match_what_is_then_issued(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-04-01T00:00:00Z"));
        Plan seats = f.billing.plans().create(f.ctx, NewPlan.monthly("seats", "Seats",
                Pricing.volume(java.util.List.of(Tier.upTo(10, 500), Tier.upTo(50, 400), Tier.rest(300)))));
        CustomerId c = f.customer("c1");
        Subscription s = f.billing.subscriptions().create(f.ctx, new NewSubscription(c, seats.id(), 5));

        InvoicePreview next = f.billing.customers().upcomingInvoice(f.ctx, s.id()).orElseThrow();
        assertThat(next.kind()).isEqualTo(InvoiceKind.PERIOD);
        assertThat(next.serviceStart()).isEqualTo("2026-05-01T00:00:00Z");
        assertThat(next.amountDue()).isEqualTo(2500);

        f.at("2026-04-16T00:00:00Z"); // half of April left
        InvoicePreview preview = f.billing.customers().previewChange(f.ctx, s.id(), SubscriptionChange.toQuantity(60))
                .orElseThrow();
        assertThat(preview.subtotal()).isEqualTo(9000 - 1250);
        ChangeResult done = f.billing.subscriptions().change(f.ctx, s.id(), SubscriptionChange.toQuantity(60));
        Invoice issued = done.prorationInvoice().orElseThrow();
        assertThat(issued.lines()).isEqualTo(preview.lines());
        assertThat(issued.amountDue()).isEqualTo(preview.amountDue());
        assertThat(issued.serviceEnd()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(f.billing.customers().upcomingInvoice(f.ctx, s.id()).orElseThrow().amountDue()).isEqualTo(18000);
    }

    @BothDatabases
    void a_changed_payment_method_is_what_the_next_attempt_uses(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-01-01T00:00:00Z"));
        Plan plan = f.monthly("basic", 1000);
        CustomerId c = f.customer("c1");
        f.billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        assertThat(f.gateway.calls().get(0).paymentMethodRef()).contains("pm_c1");
        assertThat(f.gateway.calls().get(0).gatewayCustomerRef()).contains("cus_c1");
        assertThat(f.billing.customers().changePaymentMethod(f.ctx, c, "pm_new").paymentMethodRef()).contains("pm_new");
        f.at("2026-02-01T00:00:00Z");
        f.billing.run().runDue(f.ctx);
        assertThat(f.gateway.calls().get(1).paymentMethodRef()).contains("pm_new");
        assertThat(f.gateway.calls().get(1).amount()).isEqualTo(1000);
        assertThat(f.gateway.calls().get(1).currency()).isEqualTo("SAR");
    }
}
