package org.cityos.marketplace.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.PayoutId;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.order.VendorOrder;
import org.cityos.marketplace.order.VendorOrderStatus;
import org.cityos.marketplace.payout.PayoutInstruction;
import org.cityos.marketplace.payout.PayoutResult;
import org.cityos.marketplace.payout.PayoutStatus;
import org.cityos.marketplace.vendor.PayoutAccountStatus;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.marketplace.vendor.VendorStatus;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TenantBuilder;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

/** The marketplace's test data builders and scripted provider do what their Javadoc says, on both databases. */
class TestDataBuildersTest {
    private final TestClock clock = TestClock.at("2026-03-01T00:00:00Z");
    private final ScriptedPayoutProvider provider = new ScriptedPayoutProvider();

    private Marketplace market(CityOs cityOs) {
        return Marketplace.builder(cityOs).payoutProvider(provider).build();
    }

    @BothDatabases
    void vendors_end_in_the_status_the_test_asks_for(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        Marketplace market = market(cityOs);
        TenantContext ctx = TenantBuilder.on(cityOs).create();

        Vendor applied = VendorBuilder.in(market, ctx).applied();
        Vendor active = VendorBuilder.in(market, ctx).handle("dates-co").sells("ajwa", "food").sells("box").active();
        Vendor suspended = VendorBuilder.in(market, ctx).suspended();
        Vendor rejected = VendorBuilder.in(market, ctx).withoutPayoutAccount().rejected();

        assertThat(List.of(applied, active, suspended, rejected)).extracting(Vendor::status)
                .containsExactly(VendorStatus.PENDING, VendorStatus.ACTIVE, VendorStatus.SUSPENDED, VendorStatus.REJECTED);
        assertThat(applied.handle()).startsWith("vendor-").isNotEqualTo(suspended.handle());
        assertThat(market.vendors().payoutAccount(ctx, active.id()).orElseThrow())
                .satisfies(a -> assertThat(a.status()).isEqualTo(PayoutAccountStatus.ACTIVE))
                .satisfies(a -> assertThat(a.externalAccountId()).isEqualTo("acct_dates-co"));
        assertThat(market.vendors().payoutAccount(ctx, rejected.id())).isEmpty();
        assertThat(market.products().get(ctx, "ajwa").orElseThrow().category()).contains("food");
        assertThat(market.products().ofVendor(ctx, active.id())).hasSize(2);
    }

    @BothDatabases
    void an_order_of_vendor_lines_is_split_and_fulfilled(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        Marketplace market = market(cityOs);
        TenantContext ctx = TenantBuilder.on(cityOs).setting("default_rate_bps", "1000").create();
        Vendor dates = VendorBuilder.in(market, ctx).sells("ajwa").active();
        Vendor oud = VendorBuilder.in(market, ctx).active();

        Order order = OrderBuilder.in(market, ctx).id("o-1").line("ajwa", 3, 4500).line(oud, 1, 25000)
                .discount(1000).shipping(dates, 1500).placeAndFulfill();

        assertThat(order.orderId()).isEqualTo("o-1");
        assertThat(order.subtotal()).isEqualTo(3 * 4500 + 25000);
        assertThat(order.discount()).isEqualTo(1000);
        assertThat(order.shipping()).isEqualTo(1500);
        assertThat(order.vendorOrders()).extracting(VendorOrder::vendor)
                .containsExactlyInAnyOrder(Optional.of(dates.id()), Optional.of(oud.id()));
        assertThat(order.vendorOrders()).allSatisfy(vo -> assertThat(vo.status()).isEqualTo(VendorOrderStatus.FULFILLED));
        // the discount is split over the lines, every minor unit accounted for
        assertThat(order.vendorOrders().stream().mapToLong(VendorOrder::discount).sum()).isEqualTo(1000);

        Order second = OrderBuilder.in(market, ctx).line(oud, 2, 100).place();
        assertThat(second.orderId()).startsWith("order-");
        assertThat(second.vendorOrders()).singleElement()
                .satisfies(vo -> assertThat(vo.status()).isEqualTo(VendorOrderStatus.PLACED));
    }

    @BothDatabases
    void another_tenants_vendor_cannot_be_sold_through(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        Marketplace market = market(cityOs);
        TenantContext a = TenantBuilder.on(cityOs).create();
        TenantContext b = TenantBuilder.on(cityOs).create();
        Vendor ofA = VendorBuilder.in(market, a).active();

        assertThatThrownBy(() -> OrderBuilder.in(market, b).id("steal").line(ofA, 1, 100).place())
                .isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_VENDOR));
        assertThat(market.orders().get(b, "steal")).isEmpty();
        assertThat(market.vendors().list(b, PageRequest.first(10)).items()).isEmpty();
    }

    @BothDatabases
    void an_unreachable_provider_leaves_the_payout_in_flight_and_the_next_run_pays_it_once(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        Marketplace market = market(cityOs);
        TenantContext ctx = TenantBuilder.on(cityOs).setting("hold_days", "0").setting("default_rate_bps", "1000").create();
        Vendor v = VendorBuilder.in(market, ctx).active();
        OrderBuilder.in(market, ctx).line(v, 1, 10_000).placeAndFulfill();
        clock.advance(Duration.ofMinutes(1));

        provider.thenUnreachable(1);
        var first = market.payouts().run(ctx);
        assertThat(first.settled()).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo(PayoutStatus.PROCESSING));
        assertThat(provider.payments()).isEmpty();

        var second = market.payouts().run(ctx);
        assertThat(second.settled()).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo(PayoutStatus.PAID));
        assertThat(provider.calls()).hasSize(2).extracting(PayoutInstruction::idempotencyKey).containsOnly(
                first.created().get(0).idempotencyKey());
        assertThat(provider.paidTotal()).isEqualTo(9000);
        assertThat(market.payouts().balance(ctx, v.id()).paid()).isEqualTo(9000);
    }

    @Test
    void a_replayed_key_gets_its_first_answer_and_moves_no_money() {
        ScriptedPayoutProvider p = new ScriptedPayoutProvider().then(PayoutResult.pending("p-1"), PayoutResult.failed("closed"));
        PayoutInstruction one = instruction("key-1", 500);
        PayoutInstruction two = instruction("key-2", 700);

        assertThat(p.pay(one).status()).isEqualTo(PayoutStatus.PENDING); // not final: asked again
        assertThat(p.pay(one).status()).isEqualTo(PayoutStatus.FAILED);
        assertThat(p.pay(one).failureReason()).contains("closed"); // remembered
        assertThat(p.pay(two).status()).isEqualTo(PayoutStatus.PAID);
        assertThat(p.pay(two).reference()).contains("scripted:key-2");
        assertThat(p.payments()).containsExactly(two);
        assertThat(p.paidTotal()).isEqualTo(700);
        assertThat(p.calls()).hasSize(5);
        assertThat(p.scriptedLeft()).isZero();
    }

    private static PayoutInstruction instruction(String key, long amount) {
        return new PayoutInstruction(new TenantId(UUID.randomUUID()), new PayoutId(UUID.randomUUID()),
                new VendorId(UUID.randomUUID()), "manual", "acct_1", amount, "SAR", key);
    }
}
