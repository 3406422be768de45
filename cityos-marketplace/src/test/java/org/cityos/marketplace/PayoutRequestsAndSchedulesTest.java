package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.payout.Payout;
import org.cityos.marketplace.payout.PayoutOrigin;
import org.cityos.marketplace.payout.PayoutResult;
import org.cityos.marketplace.payout.PayoutStatus;
import org.cityos.marketplace.payout.ScheduledRun;
import org.cityos.marketplace.payout.VendorBalance;
import org.cityos.marketplace.vendor.MemberRole;
import org.cityos.marketplace.vendor.PayoutAccount;
import org.cityos.marketplace.vendor.PayoutAccountStatus;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

class PayoutRequestsAndSchedulesTest {

    private static void earn(Fixture f, TenantContext ctx, Vendor v, String order, long price) {
        f.market.products().link(ctx, "p-" + v.handle(), VendorRef.of(v.id()), Optional.empty());
        f.market.orders().place(ctx, NewOrder.of(order, NewOrderLine.of("a", "p-" + v.handle(), 1, price)));
        f.market.orders().fulfill(ctx, order, VendorRef.of(v.id()), Shipment.none());
    }

    private static void assertCode(Runnable r, ErrorCode code, String text) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(CityOsException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }

    @BothDatabases
    void a_vendor_member_requests_a_payout_of_the_available_balance_above_the_minimum(TestDatabase db) {
        PayoutsTest.ScriptedProvider provider = new PayoutsTest.ScriptedProvider();
        Fixture f = new Fixture(db, "2026-03-01T00:00:00Z", provider);
        TenantContext op = f.tenant("t1", Map.of("hold_days", "0", "min_payout", "5000"));
        Vendor v = f.activeVendor(op, "v1");
        f.market.vendors().putMember(op, v.id(), "alice", MemberRole.OWNER);
        TenantContext alice = TenantContext.of(op.tenant(), Principal.user("alice", Marketplace.VENDOR_ROLE));
        earn(f, op, v, "o1", 4000); // net 3600
        f.clock.advance(Duration.ofSeconds(1));
        assertCode(() -> f.market.payouts().request(alice, v.id()), ErrorCode.INVALID_AMOUNT, "below the minimum payout 5000");
        earn(f, op, v, "o2", 4000);
        f.clock.advance(Duration.ofSeconds(1));
        Payout p = f.market.payouts().request(alice, v.id());
        assertThat(p).extracting(Payout::amount, Payout::status, Payout::origin, Payout::attempts)
                .containsExactly(7200L, PayoutStatus.PAID, PayoutOrigin.REQUEST, 1);
        assertThat(f.market.payouts().balance(alice, v.id()))
                .extracting(VendorBalance::available, VendorBalance::paid).containsExactly(0L, 7200L);
        // nothing left: a second request is refused and changes nothing
        f.clock.advance(Duration.ofSeconds(1));
        assertCode(() -> f.market.payouts().request(alice, v.id()), ErrorCode.INVALID_AMOUNT, "available balance 0");
        // another vendor's member may not request for v1
        Vendor other = f.activeVendor(op, "v2");
        f.market.vendors().putMember(op, other.id(), "bob", MemberRole.OWNER);
        TenantContext bob = TenantContext.of(op.tenant(), Principal.user("bob", Marketplace.VENDOR_ROLE));
        assertCode(() -> f.market.payouts().request(bob, v.id()), ErrorCode.FORBIDDEN, "not a member");
        assertThat(provider.calls).hasSize(1);
    }

    @BothDatabases
    void an_account_that_is_not_active_accrues_but_is_not_paid(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-03-01T00:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of("hold_days", "0"));
        Vendor v = f.activeVendor(ctx, "v1");
        earn(f, ctx, v, "o1", 1000);
        for (PayoutAccountStatus s : new PayoutAccountStatus[] {PayoutAccountStatus.PENDING,
                PayoutAccountStatus.RESTRICTED, PayoutAccountStatus.REJECTED}) {
            f.market.vendors().setPayoutAccount(ctx, new PayoutAccount(v.id(), "stripe", "acct_1", s,
                    Optional.of("requirements.past_due")));
            f.clock.advance(Duration.ofSeconds(1));
            assertThat(f.market.payouts().run(ctx).created()).as(s.wire()).isEmpty();
            assertCode(() -> f.market.payouts().request(ctx, v.id()), ErrorCode.INVALID_TRANSITION,
                    "a " + s.wire() + " payout account");
            assertThat(f.market.payouts().balance(ctx, v.id()).available()).isEqualTo(900);
        }
        f.market.vendors().setPayoutAccount(ctx, new PayoutAccount(v.id(), "stripe", "acct_1", PayoutAccountStatus.ACTIVE));
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(f.market.payouts().run(ctx).created()).extracting(Payout::amount).containsExactly(900L);
        assertThat(f.market.vendors().payoutAccount(ctx, v.id()).orElseThrow().status()).isEqualTo(PayoutAccountStatus.ACTIVE);
    }

    @BothDatabases
    void a_failed_payout_returns_its_amount_to_available_and_emits_payout_failed(TestDatabase db) {
        PayoutsTest.ScriptedProvider provider = new PayoutsTest.ScriptedProvider();
        provider.answer = i -> PayoutResult.failed("account_restricted: transfers disabled");
        Fixture f = new Fixture(db, "2026-03-01T00:00:00Z", provider);
        TenantContext ctx = f.tenant("t1", Map.of("hold_days", "0"));
        Vendor v = f.activeVendor(ctx, "v1");
        earn(f, ctx, v, "o1", 1000);
        f.clock.advance(Duration.ofSeconds(1));
        Payout p = f.market.payouts().run(ctx).settled().get(0);
        assertThat(p.status()).isEqualTo(PayoutStatus.FAILED);
        assertThat(f.market.payouts().balance(ctx, v.id()))
                .extracting(VendorBalance::available, VendorBalance::inTransit, VendorBalance::paid)
                .containsExactly(900L, 0L, 0L);
        var failed = f.cityOs.events().list(ctx, Optional.of("payout.failed"), PageRequest.first(10)).items();
        assertThat(failed).singleElement().satisfies(e -> assertThat(e.payload()).contains("account_restricted"));
    }

    @BothDatabases
    void a_reversal_after_a_refund_returns_money_to_available(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-03-01T00:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of("hold_days", "0"));
        Vendor v = f.activeVendor(ctx, "v1");
        f.market.products().link(ctx, "p1", VendorRef.of(v.id()), Optional.empty());
        f.market.orders().place(ctx, NewOrder.of("o1", NewOrderLine.of("a", "p1", 2, 1000)));
        f.market.orders().fulfill(ctx, "o1", VendorRef.of(v.id()), Shipment.none());
        f.clock.advance(Duration.ofSeconds(1));
        Payout p = f.market.payouts().run(ctx).settled().get(0);
        f.market.orders().refund(ctx, "o1", "a", 1);
        assertThat(f.market.payouts().balance(ctx, v.id()).available()).isEqualTo(-900);
        f.market.payouts().recordReversal(ctx, p.id(), 600, Optional.of("trr_1"));
        assertThat(f.market.payouts().balance(ctx, v.id()))
                .extracting(VendorBalance::available, VendorBalance::paid).containsExactly(-300L, 1200L);
        assertCode(() -> f.market.payouts().recordReversal(ctx, p.id(), 1201, Optional.empty()),
                ErrorCode.INVALID_AMOUNT, "1..1200");
    }

    @BothDatabases
    void due_schedules_run_once_per_slot_in_the_tenants_zone(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-03-01T00:00:00Z");
        TenantContext weekly = f.tenant("weekly", Map.of("hold_days", "0", "payout_schedule", "weekly:monday@09:00"),
                "Asia/Riyadh");
        TenantContext manual = f.tenant("manual", Map.of("hold_days", "0"));
        Vendor v = f.activeVendor(weekly, "v1");
        Vendor m = f.activeVendor(manual, "m1");
        earn(f, weekly, v, "o1", 1000);
        earn(f, manual, m, "o1", 1000);
        // Monday 2026-03-02 09:00 in Riyadh is 06:00 UTC; the first call runs the latest slot (Mon 2026-02-23)
        f.clock.set(Instant.parse("2026-03-02T05:00:00Z"));
        assertThat(f.market.payouts().runDueSchedules(f.clock.instant())).singleElement().satisfies(r -> {
            assertThat(r.tenant()).isEqualTo(weekly.tenant());
            assertThat(r.slot()).isEqualTo(Instant.parse("2026-02-23T06:00:00Z"));
            assertThat(r.run().created()).extracting(Payout::amount, Payout::origin)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(900L, PayoutOrigin.SCHEDULE));
        });
        f.clock.set(Instant.parse("2026-03-02T05:59:59Z"));
        assertThat(f.market.payouts().runDueSchedules(f.clock.instant())).isEmpty();
        earn(f, weekly, v, "o2", 2000);
        f.clock.set(Instant.parse("2026-03-02T06:00:00Z"));
        assertThat(f.market.payouts().runDueSchedules(f.clock.instant())).extracting(ScheduledRun::slot)
                .containsExactly(Instant.parse("2026-03-02T06:00:00Z"));
        f.clock.set(Instant.parse("2026-03-05T06:00:00Z"));
        assertThat(f.market.payouts().runDueSchedules(f.clock.instant())).isEmpty();
        assertThat(f.market.payouts().list(weekly)).extracting(Payout::amount).containsExactly(900L, 1800L);
        assertThat(f.market.payouts().list(manual)).isEmpty();
        assertThat(f.market.payouts().balance(manual, m.id()).available()).isEqualTo(900);
    }
}
