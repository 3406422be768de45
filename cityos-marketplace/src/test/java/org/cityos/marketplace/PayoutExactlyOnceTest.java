package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

/**
 * Exactly once across crashes: a "bank" that pays each idempotency key at most once stands for
 * the provider, and a {@link Crash} (an {@link Error}, which the library does not catch) stops
 * the run at a chosen point as a dying process would. A new marketplace on the same database then
 * runs again, and every vendor has been paid exactly once. A run commits the answers of a batch
 * of payouts together, so the crash points are taken with one payout per batch (each answer
 * committed before the next call), with the default batch (all three payouts in one) and with
 * batches of two (a crash in the second batch, after the first batch's answers were committed).
 */
class PayoutExactlyOnceTest {

    /** The process dies here. */
    static final class Crash extends Error {
        Crash(String where) {
            super("simulated crash " + where);
        }
    }

    /** The money side: payments by idempotency key, shared by every "process". */
    static final class Bank {
        final Map<String, Long> payments = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
    }

    /** A provider over the bank that may crash before or after the n-th call reaches it. */
    static final class BankProvider implements PayoutProvider {
        final Bank bank;
        final int crashBeforeCall;
        final int crashAfterCall;
        int n;

        BankProvider(Bank bank, int crashBeforeCall, int crashAfterCall) {
            this.bank = bank;
            this.crashBeforeCall = crashBeforeCall;
            this.crashAfterCall = crashAfterCall;
        }

        @Override
        public PayoutResult pay(PayoutInstruction i) {
            n++;
            if (n == crashBeforeCall) {
                throw new Crash("before call " + n);
            }
            bank.calls.add(i.idempotencyKey());
            bank.payments.putIfAbsent(i.idempotencyKey(), i.amount());
            if (n == crashAfterCall) {
                throw new Crash("after call " + n + ", before its result was committed");
            }
            return PayoutResult.paid("bank-" + i.idempotencyKey());
        }
    }

    private record World(Fixture f, TenantContext ctx, List<Vendor> vendors) {
    }

    /** Three vendors with 900, 1800 and 2700 available, paid in batches of the default size. */
    private static World world(TestDatabase db, PayoutProvider provider) {
        return world(db, provider, Marketplace.Builder.DEFAULT_PAYOUT_BATCH);
    }

    /** Three vendors with 900, 1800 and 2700 available, paid {@code batch} payouts per commit. */
    private static World world(TestDatabase db, PayoutProvider provider, int batch) {
        Fixture f = new Fixture(db, "2026-03-01T00:00:00Z", provider, batch);
        TenantContext ctx = f.tenant("t1", Map.of("hold_days", "0", "default_rate_bps", "1000"));
        List<Vendor> vendors = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Vendor v = f.activeVendor(ctx, "v" + i);
            vendors.add(v);
            f.market.products().link(ctx, "p" + i, VendorRef.of(v.id()), Optional.empty());
            f.market.orders().place(ctx, NewOrder.of("o" + i, NewOrderLine.of("a", "p" + i, i, 1000)));
            f.market.orders().fulfill(ctx, "o" + i, VendorRef.of(v.id()), Shipment.none());
        }
        f.clock.advance(Duration.ofMinutes(1));
        return new World(f, ctx, vendors);
    }

    private static void assertEachVendorPaidOnce(World w, Bank bank) {
        assertThat(bank.payments.values()).containsExactlyInAnyOrder(900L, 1800L, 2700L);
        List<Payout> payouts = w.f.market.payouts().list(w.ctx);
        assertThat(payouts).hasSize(3).allSatisfy(p -> assertThat(p.status()).isEqualTo(PayoutStatus.PAID));
        assertThat(payouts).extracting(Payout::idempotencyKey).containsExactlyInAnyOrderElementsOf(bank.payments.keySet());
        for (Vendor v : w.vendors) {
            assertThat(w.f.market.payouts().balance(w.ctx, v.id()).available()).isZero();
        }
        assertThat(w.f.cityOs.events().list(w.ctx, Optional.of("payout.paid"), PageRequest.first(10)).items()).hasSize(3);
    }

    @BothDatabases
    void a_crash_after_the_payouts_are_committed_but_before_any_provider_call_pays_each_vendor_once_on_rerun(
            TestDatabase db) {
        Bank bank = new Bank();
        World w = world(db, new BankProvider(bank, 1, 0));
        assertThatThrownBy(() -> w.f.market.payouts().run(w.ctx)).isInstanceOf(Crash.class);
        // committed before the call: three payouts in flight, none reached the bank
        assertThat(w.f.market.payouts().list(w.ctx)).hasSize(3)
                .allSatisfy(p -> assertThat(p.status().inFlight()).isTrue());
        assertThat(bank.calls).isEmpty();

        w.f.clock.advance(Duration.ofMinutes(5));
        Marketplace restarted = w.f.restart(new BankProvider(bank, 0, 0));
        var rerun = restarted.payouts().run(w.ctx);
        assertThat(rerun.created()).isEmpty(); // nothing available: the in-flight payouts hold it
        assertThat(rerun.settled()).hasSize(3);
        assertEachVendorPaidOnce(w, bank);
        assertThat(bank.calls).hasSize(3);
    }

    @BothDatabases
    void a_crash_after_the_provider_paid_but_before_its_answer_was_committed_never_pays_twice(TestDatabase db) {
        Bank bank = new Bank();
        // the second payment goes out, then the process dies before recording it; one payout per
        // batch, so the first payout's answer was committed before the second call
        World w = world(db, new BankProvider(bank, 0, 2), 1);
        assertThatThrownBy(() -> w.f.market.payouts().run(w.ctx)).isInstanceOf(Crash.class);
        assertThat(bank.payments).hasSize(2);
        assertThat(w.f.market.payouts().list(w.ctx)).extracting(Payout::status)
                .containsExactly(PayoutStatus.PAID, PayoutStatus.PROCESSING, PayoutStatus.PENDING);

        w.f.clock.advance(Duration.ofMinutes(5));
        Marketplace restarted = w.f.restart(new BankProvider(bank, 0, 0));
        restarted.payouts().run(w.ctx);
        assertEachVendorPaidOnce(w, bank);
        // the processing payout was asked again under its same key; the bank paid it once
        assertThat(bank.calls).hasSize(4);
        assertThat(bank.calls.get(1)).isEqualTo(bank.calls.get(2));
        assertThat(w.f.market.payouts().list(w.ctx)).extracting(Payout::attempts).containsExactly(1, 2, 1);

        // a third run changes nothing
        w.f.clock.advance(Duration.ofMinutes(5));
        var third = restarted.payouts().run(w.ctx);
        assertThat(third.created()).isEmpty();
        assertThat(third.settled()).isEmpty();
        assertEachVendorPaidOnce(w, bank);
    }

    @BothDatabases
    void a_crash_before_the_second_call_leaves_the_rest_to_the_next_run(TestDatabase db) {
        Bank bank = new Bank();
        World w = world(db, new BankProvider(bank, 2, 0));
        assertThatThrownBy(() -> w.f.market.payouts().run(w.ctx)).isInstanceOf(Crash.class);
        assertThat(bank.payments).hasSize(1);
        w.f.clock.advance(Duration.ofMinutes(5));
        w.f.restart(new BankProvider(bank, 0, 0)).payouts().run(w.ctx);
        assertEachVendorPaidOnce(w, bank);
    }

    @BothDatabases
    void a_crash_inside_a_batch_after_some_payments_went_out_asks_the_whole_batch_again_and_pays_once(
            TestDatabase db) {
        Bank bank = new Bank();
        // all three payouts in one batch: two payments go out, then the process dies before the
        // batch's answers are committed
        World w = world(db, new BankProvider(bank, 0, 2));
        assertThatThrownBy(() -> w.f.market.payouts().run(w.ctx)).isInstanceOf(Crash.class);
        assertThat(bank.payments).hasSize(2);
        // the batch was committed processing before the first call; no answer of it was committed
        assertThat(w.f.market.payouts().list(w.ctx)).extracting(Payout::status)
                .containsExactly(PayoutStatus.PROCESSING, PayoutStatus.PROCESSING, PayoutStatus.PROCESSING);
        for (Vendor v : w.vendors) {
            assertThat(w.f.market.payouts().balance(w.ctx, v.id()).available()).isZero();
        }

        w.f.clock.advance(Duration.ofMinutes(5));
        Marketplace restarted = w.f.restart(new BankProvider(bank, 0, 0));
        var rerun = restarted.payouts().run(w.ctx);
        assertThat(rerun.created()).isEmpty();
        assertEachVendorPaidOnce(w, bank);
        // the two paid ones were asked again under their same keys, the third for the first time
        assertThat(bank.calls).hasSize(5);
        assertThat(bank.calls.subList(2, 5)).containsExactlyElementsOf(w.f.market.payouts().list(w.ctx).stream()
                .map(Payout::idempotencyKey).toList());
        assertThat(bank.calls.subList(0, 2)).containsExactlyElementsOf(bank.calls.subList(2, 4));
        assertThat(w.f.market.payouts().list(w.ctx)).extracting(Payout::attempts).containsExactly(2, 2, 2);
    }

    @BothDatabases
    void a_crash_in_the_second_batch_keeps_the_first_batch_settled_and_pays_the_rest_once(TestDatabase db) {
        Bank bank = new Bank();
        // batches of two: the first batch (900, 1800) is paid and committed; the third payment
        // goes out and the process dies before its batch is committed
        World w = world(db, new BankProvider(bank, 0, 3), 2);
        assertThatThrownBy(() -> w.f.market.payouts().run(w.ctx)).isInstanceOf(Crash.class);
        assertThat(bank.payments).hasSize(3);
        assertThat(w.f.market.payouts().list(w.ctx)).extracting(Payout::status)
                .containsExactly(PayoutStatus.PAID, PayoutStatus.PAID, PayoutStatus.PROCESSING);
        assertThat(w.f.cityOs.events().list(w.ctx, Optional.of("payout.paid"), PageRequest.first(10)).items()).hasSize(2);

        w.f.clock.advance(Duration.ofMinutes(5));
        var rerun = w.f.restart(new BankProvider(bank, 0, 0)).payouts().run(w.ctx);
        assertThat(rerun.created()).isEmpty();
        assertThat(rerun.settled()).singleElement().satisfies(p -> assertThat(p.amount()).isEqualTo(2700));
        assertEachVendorPaidOnce(w, bank);
        assertThat(bank.calls).hasSize(4);
        assertThat(bank.calls.get(3)).isEqualTo(bank.calls.get(2));
        assertThat(w.f.market.payouts().list(w.ctx)).extracting(Payout::attempts).containsExactly(1, 1, 2);
    }

    @BothDatabases
    void a_crash_inside_the_first_of_two_batches_leaves_both_batches_to_the_next_run(TestDatabase db) {
        Bank bank = new Bank();
        // batches of two: the first payment goes out, the process dies before the second call
        World w = world(db, new BankProvider(bank, 2, 0), 2);
        assertThatThrownBy(() -> w.f.market.payouts().run(w.ctx)).isInstanceOf(Crash.class);
        assertThat(bank.payments).hasSize(1);
        // the first batch is processing (one of them paid at the bank), the second never started
        assertThat(w.f.market.payouts().list(w.ctx)).extracting(Payout::status)
                .containsExactly(PayoutStatus.PROCESSING, PayoutStatus.PROCESSING, PayoutStatus.PENDING);

        w.f.clock.advance(Duration.ofMinutes(5));
        w.f.restart(new BankProvider(bank, 0, 0)).payouts().run(w.ctx);
        assertEachVendorPaidOnce(w, bank);
        assertThat(bank.calls).hasSize(4);
        assertThat(w.f.market.payouts().list(w.ctx)).extracting(Payout::attempts).containsExactly(2, 2, 1);
    }
}
