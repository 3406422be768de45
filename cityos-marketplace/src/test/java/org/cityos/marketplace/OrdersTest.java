package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.commission.NewCommissionRule;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.order.VendorOrder;
import org.cityos.marketplace.order.VendorOrderStatus;
import org.cityos.marketplace.payout.PayoutRun;
import org.cityos.marketplace.payout.PayoutStatus;
import org.cityos.marketplace.payout.VendorBalance;
import org.cityos.marketplace.vendor.NewVendor;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

class OrdersTest {

    @BothDatabases
    void an_order_splits_per_vendor_and_pays_out_after_the_hold(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-01-05T09:00:00Z");
        TenantContext ctx = f.tenant("riyadh-market", Map.of("min_payout", "1000"));
        Vendor dates = f.activeVendor(ctx, "dates-co");
        Vendor oud = f.activeVendor(ctx, "oud-house");
        f.market.products().link(ctx, "ajwa-1kg", VendorRef.of(dates.id()), Optional.of("food"));
        f.market.products().link(ctx, "sukkari-box", VendorRef.handle("dates-co"), Optional.of("gifts"));
        f.market.products().link(ctx, "oud-oil", VendorRef.of(oud.id()), Optional.of("perfume"));
        f.market.products().link(ctx, "gift-wrap", VendorRef.platform(), Optional.of("services"));
        f.market.commissionRules().replace(ctx, List.of(
                NewCommissionRule.forCategory("perfume", 1500),
                NewCommissionRule.forVendor(VendorRef.of(dates.id()), 800),
                NewCommissionRule.forVendorCategory(VendorRef.of(dates.id()), "gifts", 1200).withFlat(100),
                NewCommissionRule.forProduct("ajwa-1kg", 500).withMin(300)));

        Order order = f.market.orders().place(ctx, new NewOrder("ord-1001", List.of(
                NewOrderLine.of("a", "ajwa-1kg", 3, 4500), NewOrderLine.of("b", "oud-oil", 1, 25000),
                NewOrderLine.of("c", "sukkari-box", 2, 6000), NewOrderLine.of("d", "gift-wrap", 1, 1000)),
                1000, Map.of(VendorRef.of(dates.id()), 1500L, VendorRef.handle("oud-house"), 2000L)));

        assertThat(order.vendorOrders()).extracting(VendorOrder::vendor)
                .containsExactly(Optional.of(dates.id()), Optional.of(oud.id()), Optional.empty());
        VendorOrder d = order.vendorOrders().get(0);
        assertThat(List.of(d.subtotal(), d.discount(), d.shipping(), d.commission(), d.vendorNet()))
                .containsExactly(25500L, 495L, 1500L, 2174L, 24331L);
        assertThat(order.total()).isEqualTo(51500 - 1000 + 3500);

        f.clock.set(Instant.parse("2026-01-06T12:00:00Z"));
        f.market.orders().fulfill(ctx, "ord-1001", VendorRef.of(dates.id()), Shipment.of("smsa", "TRK1"));
        f.clock.set(Instant.parse("2026-01-07T12:00:00Z"));
        f.market.orders().fulfill(ctx, "ord-1001", VendorRef.handle("oud-house"), Shipment.none());
        f.clock.set(Instant.parse("2026-01-15T00:00:00Z"));
        assertThat(f.market.payouts().run(ctx).created()).isEmpty();
        f.clock.set(Instant.parse("2026-01-21T00:00:00Z"));
        PayoutRun run = f.market.payouts().run(ctx);
        assertThat(run.created()).singleElement().satisfies(p -> {
            assertThat(p.vendor()).isEqualTo(dates.id());
            assertThat(p.amount()).isEqualTo(24331);
        });
        assertThat(run.settled()).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo(PayoutStatus.PAID));
        // running again at the same moment pays nothing more
        assertThat(f.market.payouts().run(ctx).created()).isEmpty();

        f.clock.set(Instant.parse("2026-01-22T08:00:00Z"));
        f.market.orders().refund(ctx, "ord-1001", "a", 1);
        assertThatThrownBy(() -> f.market.orders().refund(ctx, "ord-1001", "a", 3))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OVER_REFUND));
        f.clock.set(Instant.parse("2026-01-23T00:00:00Z"));
        f.market.payouts().run(ctx);

        assertThat(f.market.payouts().balances(ctx)).extracting(VendorBalance::handle, VendorBalance::pending,
                        VendorBalance::available, VendorBalance::paid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dates-co", 0L, -4192L, 24331L),
                        org.assertj.core.groups.Tuple.tuple("oud-house", 0L, 0L, 22837L));
        Order after = f.market.orders().require(ctx, "ord-1001");
        assertThat(after.vendorOrders().get(0).vendorNet()).isEqualTo(20139);
        assertThat(after.vendorOrders().get(0).commission()).isEqualTo(1953);
        assertThat(after.vendorOrders().get(2).status()).isEqualTo(VendorOrderStatus.PLACED);
        assertThat(f.cityOs.events().list(ctx, Optional.empty(), org.cityos.core.PageRequest.first(100)).items())
                .extracting(org.cityos.core.event.Event::type)
                .contains("order.placed", "vendor_order.created", "commission.calculated", "fulfillment.created",
                        "payout.created", "payout.paid", "order.refunded", "vendor.status_changed");
    }

    @BothDatabases
    void a_pending_vendor_gets_no_orders(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-01-05T09:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of());
        Vendor v = f.market.vendors().apply(ctx, NewVendor.of("new-shop", "New Shop"));
        f.market.products().link(ctx, "item", VendorRef.of(v.id()), Optional.of("food"));
        assertThatThrownBy(() -> f.market.orders().place(ctx, NewOrder.of("o1", NewOrderLine.of("a", "item", 1, 999))))
                .isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.VENDOR_NOT_ACTIVE))
                .hasMessageContaining("new-shop");
        assertThat(f.market.orders().get(ctx, "o1")).isEmpty();
    }
}
