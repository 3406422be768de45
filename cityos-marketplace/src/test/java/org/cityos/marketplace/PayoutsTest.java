package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.payout.Payout;
import org.cityos.marketplace.payout.PayoutInstruction;
import org.cityos.marketplace.payout.PayoutProvider;
import org.cityos.marketplace.payout.PayoutResult;
import org.cityos.marketplace.payout.PayoutStatus;
import org.cityos.marketplace.payout.VendorBalance;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

class PayoutsTest {

    /** A provider whose answer a test scripts, counting calls per idempotency key. */
    static final class ScriptedProvider implements PayoutProvider {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        volatile Function<PayoutInstruction, PayoutResult> answer = i -> PayoutResult.paid("ref-" + i.idempotencyKey());

        @Override
        public PayoutResult pay(PayoutInstruction instruction) {
            calls.computeIfAbsent(instruction.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
            return answer.apply(instruction);
        }
    }

    private record World(Fixture f, TenantContext ctx, Vendor v, ScriptedProvider provider) {
        VendorBalance balance() {
            return f.market.payouts().balance(ctx, v.id());
        }
    }

    private static World world(TestDatabase db) {
        ScriptedProvider provider = new ScriptedProvider();
        Fixture f = new Fixture(db, "2026-03-01T00:00:00Z", provider);
        TenantContext ctx = f.tenant("t1", Map.of("hold_days", "7", "default_rate_bps", "1000"));
        Vendor v = f.activeVendor(ctx, "v1");
        f.market.products().link(ctx, "p1", VendorRef.of(v.id()), Optional.empty());
        return new World(f, ctx, v, provider);
    }

    @BothDatabases
    void a_crash_between_commit_and_provider_never_pays_twice(TestDatabase db) {
        World w = world(db);
        w.f.market.orders().place(w.ctx, NewOrder.of("o1", NewOrderLine.of("a", "p1", 1, 10_000)));
        w.f.market.orders().fulfill(w.ctx, "o1", VendorRef.of(w.v.id()), Shipment.none());
        assertThat(w.balance().pending()).isEqualTo(9000);
        w.f.clock.advance(Duration.ofDays(7));
        assertThat(w.balance().available()).isEqualTo(9000);

        w.provider.answer = i -> {
            throw new IllegalStateException("provider unreachable");
        };
        var first = w.f.market.payouts().run(w.ctx);
        assertThat(first.created()).singleElement().satisfies(p -> assertThat(p.amount()).isEqualTo(9000));
        assertThat(first.settled()).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo(PayoutStatus.PROCESSING));
        assertThat(w.balance().available()).isZero();

        // the retry asks again under the same key and creates nothing new
        w.provider.answer = i -> PayoutResult.paid("ref-" + i.idempotencyKey());
        w.f.clock.advance(Duration.ofHours(1));
        var second = w.f.market.payouts().run(w.ctx);
        assertThat(second.created()).isEmpty();
        assertThat(second.settled()).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo(PayoutStatus.PAID));
        assertThat(w.provider.calls).hasSize(1).allSatisfy((k, n) -> assertThat(n.get()).isEqualTo(2));
        assertThat(w.balance()).extracting(VendorBalance::available, VendorBalance::paid).containsExactly(0L, 9000L);
        w.f.market.payouts().run(w.ctx);
        assertThat(w.f.market.payouts().list(w.ctx)).hasSize(1);
        assertThat(w.f.cityOs.events().list(w.ctx, Optional.of("payout.paid"), PageRequest.first(10)).items()).hasSize(1);
    }

    @BothDatabases
    void a_failed_payout_returns_its_amount_and_a_refund_after_payout_is_repaid_by_later_earnings(TestDatabase db) {
        World w = world(db);
        var orders = w.f.market.orders();
        orders.place(w.ctx, NewOrder.of("o1", NewOrderLine.of("a", "p1", 2, 5_000)));
        orders.fulfill(w.ctx, "o1", VendorRef.handle("v1"), Shipment.none());
        w.f.clock.advance(Duration.ofDays(8));

        w.provider.answer = i -> PayoutResult.failed("account closed");
        Payout failed = w.f.market.payouts().run(w.ctx).settled().get(0);
        assertThat(failed.status()).isEqualTo(PayoutStatus.FAILED);
        assertThat(failed.failureReason()).contains("account closed");
        assertThat(w.balance().available()).isEqualTo(9000);

        w.provider.answer = i -> PayoutResult.paid("ok");
        w.f.clock.advance(Duration.ofMinutes(1));
        assertThat(w.f.market.payouts().run(w.ctx).created()).singleElement()
                .satisfies(p -> assertThat(p.amount()).isEqualTo(9000));

        // a refund after the payout makes available negative...
        orders.refund(w.ctx, "o1", "a", 1);
        assertThat(w.balance().available()).isEqualTo(-4500);
        w.f.clock.advance(Duration.ofMinutes(1));
        assertThat(w.f.market.payouts().run(w.ctx).created()).isEmpty();
        // ...and later earnings repay it first
        orders.place(w.ctx, NewOrder.of("o2", NewOrderLine.of("a", "p1", 1, 10_000)));
        orders.fulfill(w.ctx, "o2", VendorRef.handle("v1"), Shipment.none());
        w.f.clock.advance(Duration.ofDays(7));
        assertThat(w.balance().available()).isEqualTo(4500);
        assertThat(w.f.market.payouts().run(w.ctx).created()).singleElement()
                .satisfies(p -> assertThat(p.amount()).isEqualTo(4500));
        assertThat(w.balance()).extracting(VendorBalance::available, VendorBalance::paid).containsExactly(0L, 13_500L);
    }

    @BothDatabases
    void only_active_vendors_with_an_enabled_account_and_enough_balance_are_paid(TestDatabase db) {
        World w = world(db);
        var m = w.f.market;
        m.orders().place(w.ctx, NewOrder.of("o1", NewOrderLine.of("a", "p1", 1, 1)));
        m.orders().fulfill(w.ctx, "o1", VendorRef.handle("v1"), Shipment.none());
        w.f.clock.advance(Duration.ofDays(7));
        // net 1 (commission of 0.1 rounds to 0): reaches max(min_payout, 1)
        assertThat(w.balance().available()).isEqualTo(1);
        m.vendors().suspend(w.ctx, w.v.id());
        assertThat(m.payouts().run(w.ctx).created()).isEmpty();
        m.vendors().reinstate(w.ctx, w.v.id());
        m.vendors().removePayoutAccount(w.ctx, w.v.id());
        assertThat(m.payouts().run(w.ctx).created()).isEmpty();
        m.vendors().setPayoutAccount(w.ctx, new org.cityos.marketplace.vendor.PayoutAccount(w.v.id(), "manual", "a1", false));
        assertThat(m.payouts().run(w.ctx).created()).isEmpty();
        m.vendors().setPayoutAccount(w.ctx, new org.cityos.marketplace.vendor.PayoutAccount(w.v.id(), "manual", "a1", true));
        assertThat(m.payouts().run(w.ctx).created()).extracting(Payout::amount).containsExactly(1L);
    }

    @BothDatabases
    void manual_payouts_wait_for_settlement(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-03-01T00:00:00Z", new org.cityos.marketplace.payout.ManualPayoutProvider());
        TenantContext ctx = f.tenant("t1", Map.of("hold_days", "0"));
        Vendor v = f.activeVendor(ctx, "v1");
        f.market.products().link(ctx, "p1", VendorRef.of(v.id()), Optional.empty());
        f.market.orders().place(ctx, NewOrder.of("o1", NewOrderLine.of("a", "p1", 1, 1000)));
        f.market.orders().fulfill(ctx, "o1", VendorRef.of(v.id()), Shipment.none());
        Payout p = f.market.payouts().run(ctx).settled().get(0);
        assertThat(p.status()).isEqualTo(PayoutStatus.PROCESSING);
        assertThat(f.market.payouts().balance(ctx, v.id())).extracting(VendorBalance::available, VendorBalance::paid)
                .containsExactly(0L, 0L);
        f.market.payouts().settle(ctx, p.id(), PayoutResult.paid("bank-transfer-77"));
        assertThat(f.market.payouts().balance(ctx, v.id()).paid()).isEqualTo(900);
        assertThatThrownBy(() -> f.market.payouts().settle(ctx, p.id(), PayoutResult.failed("late")))
                .isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TRANSITION));
        assertThat(f.market.payouts().ofVendor(ctx, v.id())).extracting(Payout::providerReference)
                .containsExactly(Optional.of("bank-transfer-77"));
        assertThat(List.of(p.idempotencyKey())).allSatisfy(k -> assertThat(k).startsWith("cityos-payout-"));
    }

    @BothDatabases
    void a_run_in_batches_records_every_kind_of_answer_and_reports_its_progress(TestDatabase db) {
        ScriptedProvider provider = new ScriptedProvider();
        // seven vendors in batches of three: answers are committed per batch
        Fixture f = new Fixture(db, "2026-03-01T00:00:00Z", provider, 3);
        TenantContext ctx = f.tenant("t1", Map.of("hold_days", "0", "default_rate_bps", "1000"));
        List<Vendor> vendors = new java.util.ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            Vendor v = f.activeVendor(ctx, "v" + i);
            vendors.add(v);
            f.market.products().link(ctx, "p" + i, VendorRef.of(v.id()), Optional.empty());
            f.market.orders().place(ctx, NewOrder.of("o" + i, NewOrderLine.of("a", "p" + i, i, 1000)));
            f.market.orders().fulfill(ctx, "o" + i, VendorRef.of(v.id()), Shipment.none());
        }
        f.clock.advance(Duration.ofMinutes(1));
        provider.answer = i -> switch ((int) i.amount()) {
            case 900 -> PayoutResult.failed("account closed");
            case 1800 -> PayoutResult.pending("wait-" + i.idempotencyKey());
            case 2700 -> throw new IllegalStateException("provider unreachable");
            default -> PayoutResult.paid("ref-" + i.idempotencyKey());
        };
        List<String> progress = new java.util.ArrayList<>();
        var run = f.market.payouts().run(ctx, (done, total) -> progress.add(done + "/" + total));

        assertThat(progress).containsExactly("1/7", "2/7", "3/7", "4/7", "5/7", "6/7", "7/7");
        assertThat(run.created()).extracting(Payout::amount).containsExactly(900L, 1800L, 2700L, 3600L, 4500L, 5400L, 6300L);
        assertThat(run.created()).allSatisfy(p -> assertThat(p.status()).isEqualTo(PayoutStatus.PENDING));
        assertThat(run.settled()).extracting(Payout::status).containsExactly(PayoutStatus.FAILED, PayoutStatus.PROCESSING,
                PayoutStatus.PROCESSING, PayoutStatus.PAID, PayoutStatus.PAID, PayoutStatus.PAID, PayoutStatus.PAID);
        assertThat(run.settled().get(0).failureReason()).contains("account closed");
        assertThat(run.settled().get(1).providerReference()).contains("wait-" + run.settled().get(1).idempotencyKey());
        assertThat(run.settled().get(2).providerReference()).isEmpty();
        assertThat(run.settled()).extracting(Payout::attempts).containsOnly(1);
        assertThat(run.settled()).extracting(Payout::id).containsExactlyElementsOf(run.created().stream().map(Payout::id).toList());
        var events = f.cityOs.events();
        assertThat(events.list(ctx, Optional.of("payout.created"), PageRequest.first(20)).items()).hasSize(7);
        assertThat(events.list(ctx, Optional.of("payout.paid"), PageRequest.first(20)).items()).hasSize(4);
        assertThat(events.list(ctx, Optional.of("payout.failed"), PageRequest.first(20)).items()).singleElement()
                .satisfies(e -> assertThat(e.aggregateId()).isEqualTo(run.settled().get(0).id().toString()));
        var audit = f.cityOs.audit().query(ctx, org.cityos.core.audit.AuditQuery.all().limit(200));
        for (Payout p : run.created()) {
            List<String> actions = audit.stream().filter(e -> e.entityId().equals(Optional.of(p.id().toString())))
                    .map(org.cityos.core.audit.AuditEntry::action).toList();
            String settledAs = run.settled().stream().filter(s -> s.id().equals(p.id())).findFirst().orElseThrow()
                    .status().wire();
            assertThat(actions).as("audit of %s", p.amount()).containsExactlyInAnyOrderElementsOf(
                    settledAs.equals("processing") ? List.of("payout.created", "payout.processing")
                            : List.of("payout.created", "payout.processing", "payout." + settledAs));
        }
        // the failed amount is available again; the two in flight are in transit
        assertThat(f.market.payouts().balance(ctx, vendors.get(0).id()).available()).isEqualTo(900);
        assertThat(f.market.payouts().balance(ctx, vendors.get(1).id()).inTransit()).isEqualTo(1800);

        // the next run pays the failed vendor again as a new payout and settles the two in flight
        provider.answer = i -> PayoutResult.paid("ref-" + i.idempotencyKey());
        f.clock.advance(Duration.ofMinutes(1));
        var next = f.market.payouts().run(ctx);
        assertThat(next.created()).extracting(Payout::amount).containsExactly(900L);
        assertThat(next.settled()).extracting(Payout::amount).containsExactly(1800L, 2700L, 900L);
        assertThat(next.settled()).allSatisfy(p -> assertThat(p.status()).isEqualTo(PayoutStatus.PAID));
        assertThat(next.settled()).extracting(Payout::attempts).containsExactly(2, 2, 1);
        for (int i = 0; i < vendors.size(); i++) {
            assertThat(f.market.payouts().balance(ctx, vendors.get(i).id()))
                    .extracting(VendorBalance::available, VendorBalance::inTransit, VendorBalance::paid)
                    .containsExactly(0L, 0L, 900L * (i + 1));
        }
    }

    @BothDatabases
    void the_payout_batch_is_between_one_and_a_thousand(TestDatabase db) {
        var cityOs = db.cityOs(org.cityos.testkit.TestClock.at("2026-03-01T00:00:00Z"));
        for (int bad : new int[] {0, -1, Marketplace.Builder.MAX_PAYOUT_BATCH + 1}) {
            assertThatThrownBy(() -> Marketplace.builder(cityOs).payoutBatch(bad).build())
                    .isInstanceOfSatisfying(CityOsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
                        assertThat(e.getMessage()).contains("payoutBatch " + bad);
                    });
        }
        assertThat(Marketplace.builder(cityOs).payoutBatch(Marketplace.Builder.MAX_PAYOUT_BATCH).build()).isNotNull();
    }
}
