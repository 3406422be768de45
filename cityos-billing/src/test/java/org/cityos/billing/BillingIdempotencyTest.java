package org.cityos.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.invoice.InvoiceStatus;
import org.cityos.billing.payment.ChargeRequest;
import org.cityos.billing.payment.ChargeResult;
import org.cityos.billing.payment.PaymentGateway;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.run.RunReport;
import org.cityos.billing.subscription.NewSubscription;
import org.cityos.core.CityOs;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

class BillingIdempotencyTest {

    @BothDatabases
    void the_billing_run_twice_at_the_same_instant_issues_and_charges_each_period_once(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-01-01T00:00:00Z"));
        Plan plan = f.monthly("basic", 1000);
        for (int i = 0; i < 5; i++) {
            f.billing.subscriptions().create(f.ctx, NewSubscription.of(f.customer("c" + i), plan.id()));
        }
        f.at("2026-02-01T00:00:00Z");
        assertThat(f.billing.run().runDue(f.ctx).invoicesIssued()).isEqualTo(5);
        assertThat(f.billing.run().runDue(f.ctx)).isEqualTo(RunReport.EMPTY);
        assertThat(f.billing.dunning().runDue(f.ctx)).isEqualTo(RunReport.EMPTY);

        List<Invoice> all = f.allInvoices(f.ctx);
        assertThat(all).hasSize(10).allSatisfy(i -> assertThat(i.status()).isEqualTo(InvoiceStatus.PAID));
        assertThat(f.gateway.calls()).hasSize(10);
        assertThat(f.gateway.calls().stream().map(ChargeRequest::idempotencyKey).distinct()).hasSize(10);
        assertThat(all).extracting(Invoice::number)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 10).mapToObj(n -> String.format("INV-%06d", n)).toList());
    }

    @BothDatabases
    void two_instances_racing_on_one_database_issue_each_invoice_once_and_charge_once(TestDatabase db)
            throws Exception {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-01-01T00:00:00Z"));
        CityOs secondNode = db.cityOs(f.clock);
        Billing second = Billing.create(secondNode, f.gateway);
        Plan plan = f.monthly("basic", 1000);
        int subscribers = 40;
        for (int i = 0; i < subscribers; i++) {
            f.billing.subscriptions().create(f.ctx, NewSubscription.of(f.customer("c" + i), plan.id()));
        }
        f.at("2026-02-01T00:00:00Z");

        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RunReport>> runs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Billing node = t % 2 == 0 ? f.billing : second;
            runs.add(pool.submit(() -> {
                go.await();
                return node.run().runDue(f.ctx, 3).plus(node.dunning().runDue(f.ctx, 3));
            }));
        }
        go.countDown();
        int issued = 0;
        for (Future<RunReport> r : runs) {
            issued += r.get(60, TimeUnit.SECONDS).invoicesIssued();
        }
        pool.shutdown();

        assertThat(issued).isEqualTo(subscribers);
        List<Invoice> all = f.allInvoices(f.ctx);
        assertThat(all).hasSize(2 * subscribers).allSatisfy(i -> assertThat(i.status()).isEqualTo(InvoiceStatus.PAID));
        Map<SubscriptionId, Long> perSubscription = all.stream()
                .collect(Collectors.groupingBy(i -> i.subscription().orElseThrow(), Collectors.counting()));
        assertThat(perSubscription.values()).allSatisfy(n -> assertThat(n).isEqualTo(2L));
        assertThat(new HashSet<>(all.stream().map(i -> i.subscription().orElseThrow() + "@" + i.periodStart().orElseThrow()).toList()))
                .hasSize(2 * subscribers);
        // each invoice was sent to the gateway exactly once, and numbers have no gap
        assertThat(f.gateway.calls()).hasSize(2 * subscribers);
        assertThat(f.gateway.charges()).hasSize(2 * subscribers);
        assertThat(all.stream().map(Invoice::number).sorted().toList()).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 2 * subscribers).mapToObj(n -> String.format("INV-%06d", n)).toList());
    }

    @BothDatabases
    void a_charge_whose_answer_was_lost_is_sent_again_with_the_same_key_and_charged_once(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-01-01T00:00:00Z"));
        // the gateway takes the money, then the connection drops before its answer arrives
        boolean[] drop = {true};
        PaymentGateway flaky = request -> {
            ChargeResult r = f.gateway.charge(request);
            if (drop[0]) {
                drop[0] = false;
                throw new IllegalStateException("connection reset");
            }
            return r;
        };
        Billing billing = Billing.builder(f.cityOs).paymentGateway(flaky).claimLease(Duration.ofMinutes(5))
                .retryableDelay(Duration.ofMinutes(1)).build();
        Plan plan = f.monthly("basic", 1000);
        CustomerId c = f.customer("c1");
        billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
        Invoice inv = f.invoices(c).get(0);
        assertThat(inv.status()).isEqualTo(InvoiceStatus.OPEN);
        assertThat(billing.invoices().attempts(f.ctx, inv.id())).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo("pending"));

        f.clock.advance(Duration.ofSeconds(59));
        assertThat(billing.run().runDue(f.ctx).chargesAttempted()).isZero();
        f.clock.advance(Duration.ofSeconds(1));
        RunReport report = billing.run().runDue(f.ctx);
        assertThat(report.paid()).isEqualTo(1);

        assertThat(billing.invoices().require(f.ctx, inv.id()).status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(f.gateway.calls()).extracting(ChargeRequest::idempotencyKey)
                .containsExactly("cityos-" + inv.id() + "-1", "cityos-" + inv.id() + "-1");
        assertThat(f.gateway.charges()).hasSize(1);
    }

    @BothDatabases
    void answers_another_run_recorded_while_the_gateway_was_slow_are_recorded_once(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-01-01T00:00:00Z"));
        Plan plan = f.monthly("basic", 1000);
        for (int i = 0; i < 3; i++) {
            f.billing.subscriptions().create(f.ctx, NewSubscription.of(f.customer("c" + i), plan.id()));
        }
        f.at("2026-02-01T00:00:00Z");
        // while the first node waits on its gateway past its claim, a second node takes the page's
        // attempts over, sends them again under their keys and records them paid
        Billing second = Billing.builder(f.cityOs).paymentGateway(f.gateway).claimLease(Duration.ofMinutes(1)).build();
        boolean[] slow = {true};
        PaymentGateway first = request -> {
            ChargeResult r = f.gateway.charge(request);
            if (slow[0]) {
                slow[0] = false;
                f.clock.advance(Duration.ofMinutes(10));
                assertThat(second.run().runDue(f.ctx).paid()).isEqualTo(3);
            }
            return r;
        };
        Billing node = Billing.builder(f.cityOs).paymentGateway(first).claimLease(Duration.ofMinutes(5)).build();
        RunReport report = node.run().runDue(f.ctx);

        // the first node found nothing left to record
        assertThat(report.invoicesIssued()).isEqualTo(3);
        assertThat(report.paid()).isZero();
        List<Invoice> february = f.allInvoices(f.ctx).stream()
                .filter(i -> i.periodStart().orElseThrow().toString().startsWith("2026-02-01")).toList();
        assertThat(february).hasSize(3).allSatisfy(i -> {
            assertThat(i.status()).isEqualTo(InvoiceStatus.PAID);
            assertThat(f.billing.invoices().attempts(f.ctx, i.id())).singleElement()
                    .satisfies(a -> assertThat(a.status()).isEqualTo("succeeded"));
        });
        assertThat(f.eventTypes(f.ctx).stream().filter("invoice.paid"::equals)).hasSize(6);
        assertThat(f.gateway.charges()).hasSize(6);
    }
}
