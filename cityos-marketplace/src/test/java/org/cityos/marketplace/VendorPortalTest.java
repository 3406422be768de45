package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.catalog.ProductLink;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.order.VendorOrder;
import org.cityos.marketplace.order.VendorOrderStatus;
import org.cityos.marketplace.portal.EarningsBucket;
import org.cityos.marketplace.portal.Granularity;
import org.cityos.marketplace.portal.MarketplaceFigures;
import org.cityos.marketplace.portal.ProductSales;
import org.cityos.marketplace.portal.VendorPortal;
import org.cityos.marketplace.portal.VendorSales;
import org.cityos.marketplace.vendor.MemberRole;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.marketplace.vendor.VendorStatus;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

class VendorPortalTest {

    private static TenantContext user(TenantContext t, String subject) {
        return TenantContext.of(t.tenant(), Principal.user(subject, Marketplace.VENDOR_ROLE));
    }

    private static void refused(ErrorCode code, Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private record World(Fixture f, TenantContext op, TenantContext op2, Vendor a, Vendor b, Vendor c,
                         TenantContext alice, TenantContext sam, TenantContext bob, TenantContext aliceInT2) {
        VendorPortal portal() {
            return f.market.vendorPortal();
        }
    }

    /** Tenant t1 (Riyadh time) with vendors a and b, tenant t2 with vendor c; alice administers a, sam is a's staff, bob owns b. */
    private static World world(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-03-01T08:00:00Z");
        TenantContext op = f.tenant("t1", Map.of("hold_days", "1", "default_rate_bps", "1000"), "Asia/Riyadh");
        TenantContext op2 = f.tenant("t2", Map.of("hold_days", "1"));
        Vendor a = f.activeVendor(op, "a");
        Vendor b = f.activeVendor(op, "b");
        Vendor c = f.activeVendor(op2, "c");
        f.market.vendors().putMember(op, a.id(), "alice", MemberRole.ADMIN);
        f.market.vendors().putMember(op, a.id(), "sam", MemberRole.STAFF);
        f.market.vendors().putMember(op, b.id(), "bob", MemberRole.OWNER);
        // alice is also a member of c in the other tenant, under the same subject
        f.market.vendors().putMember(op2, c.id(), "alice", MemberRole.OWNER);
        f.market.products().link(op, "pa1", VendorRef.of(a.id()), Optional.of("food"));
        f.market.products().link(op, "pa2", VendorRef.of(a.id()), Optional.empty());
        f.market.products().link(op, "pb1", VendorRef.of(b.id()), Optional.empty());
        f.market.products().link(op2, "pc1", VendorRef.of(c.id()), Optional.empty());
        return new World(f, op, op2, a, b, c, user(op, "alice"), user(op, "sam"), user(op, "bob"), user(op2, "alice"));
    }

    @BothDatabases
    void a_member_of_vendor_a_never_sees_vendor_b_nor_another_tenant(TestDatabase db) {
        World w = world(db);
        VendorPortal p = w.portal();
        w.f.market.orders().place(w.op, NewOrder.of("o1", NewOrderLine.of("l1", "pa1", 1, 1000),
                NewOrderLine.of("l2", "pb1", 1, 2000)));
        VendorOrder ofB = w.f.market.orders().require(w.op, "o1").vendorOrders().get(1);

        assertThat(p.products(w.alice, w.a.id())).extracting(ProductLink::productId).containsExactly("pa1", "pa2");
        assertThat(p.ordersToFulfill(w.alice, w.a.id(), PageRequest.first(10)).items()).singleElement()
                .satisfies(vo -> assertThat(vo.lines()).extracting(l -> l.productId()).containsExactly("pa1"));
        List<Consumer<TenantContext>> intoB = List.of(
                ctx -> p.products(ctx, w.b.id()),
                ctx -> p.orders(ctx, w.b.id(), Optional.empty(), PageRequest.first(10)),
                ctx -> p.fulfillments(ctx, w.b.id(), 10),
                ctx -> p.earnings(ctx, w.b.id()),
                ctx -> p.earningsSeries(ctx, w.b.id(), Granularity.DAY, DateRange.of(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 2))),
                ctx -> p.topProducts(ctx, w.b.id(), DateRange.of(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 2)), 5),
                ctx -> p.payouts(ctx, w.b.id()),
                ctx -> p.requestPayout(ctx, w.b.id()),
                ctx -> p.linkProduct(ctx, w.b.id(), "new", Optional.empty()),
                ctx -> p.unlinkProduct(ctx, w.b.id(), "pb1"));
        for (Consumer<TenantContext> call : intoB) {
            refused(ErrorCode.FORBIDDEN, () -> call.accept(w.alice));
        }
        // naming its own vendor does not reach b's order, nor b's product
        refused(ErrorCode.NOT_FOUND, () -> p.fulfill(w.alice, w.a.id(), ofB.id(), Shipment.none()));
        refused(ErrorCode.FORBIDDEN, () -> p.linkProduct(w.alice, w.a.id(), "pb1", Optional.empty()));
        refused(ErrorCode.UNKNOWN_PRODUCT, () -> p.unlinkProduct(w.alice, w.a.id(), "pb1"));
        assertThat(w.f.market.products().get(w.op, "pb1").orElseThrow().vendor()).contains(w.b.id());

        // another tenant's vendor does not exist from here, even for a member of it there
        refused(ErrorCode.UNKNOWN_VENDOR, () -> p.products(w.alice, w.c.id()));
        refused(ErrorCode.UNKNOWN_VENDOR, () -> p.earnings(w.alice, w.c.id()));
        refused(ErrorCode.UNKNOWN_VENDOR, () -> p.products(w.aliceInT2, w.a.id()));
        assertThat(p.products(w.aliceInT2, w.c.id())).extracting(ProductLink::productId).containsExactly("pc1");
        assertThat(p.orders(w.aliceInT2, w.c.id(), Optional.empty(), PageRequest.first(10)).items()).isEmpty();
    }

    @BothDatabases
    void staff_fulfil_orders_but_see_no_earnings_and_admins_manage_products(TestDatabase db) {
        World w = world(db);
        VendorPortal p = w.portal();
        w.f.market.orders().place(w.op, NewOrder.of("o1", NewOrderLine.of("l1", "pa1", 2, 1500)));
        w.f.market.orders().place(w.op, NewOrder.of("o2", NewOrderLine.of("l1", "pa2", 1, 700)));
        var page = p.ordersToFulfill(w.sam, w.a.id(), PageRequest.first(1));
        assertThat(page.items()).extracting(VendorOrder::orderId).containsExactly("o1");
        assertThat(p.ordersToFulfill(w.sam, w.a.id(), PageRequest.first(1).after(page.next().orElseThrow())).items())
                .extracting(VendorOrder::orderId).containsExactly("o2");

        VendorOrder done = p.fulfill(w.sam, w.a.id(), page.items().get(0).id(), Shipment.of("smsa", "TRK-1"));
        assertThat(done.status()).isEqualTo(VendorOrderStatus.FULFILLED);
        assertThat(p.ordersToFulfill(w.sam, w.a.id(), PageRequest.first(10)).items()).extracting(VendorOrder::orderId)
                .containsExactly("o2");
        assertThat(p.fulfillments(w.sam, w.a.id(), 10)).singleElement().satisfies(f -> {
            assertThat(f.orderId()).isEqualTo("o1");
            assertThat(f.trackingNumber()).contains("TRK-1");
        });
        refused(ErrorCode.FORBIDDEN, () -> p.earnings(w.sam, w.a.id()));
        refused(ErrorCode.FORBIDDEN, () -> p.requestPayout(w.sam, w.a.id()));
        refused(ErrorCode.FORBIDDEN, () -> p.linkProduct(w.sam, w.a.id(), "pa3", Optional.empty()));

        assertThat(p.linkProduct(w.alice, w.a.id(), "pa3", Optional.of("gifts")).vendor()).contains(w.a.id());
        p.unlinkProduct(w.alice, w.a.id(), "pa2");
        assertThat(p.products(w.sam, w.a.id())).extracting(ProductLink::productId).containsExactly("pa1", "pa3");
        refused(ErrorCode.FORBIDDEN, () -> p.fulfill(w.alice, w.b.id(), done.id(), Shipment.none()));
    }

    @BothDatabases
    void earnings_by_day_week_and_month_follow_the_tenants_time_zone(TestDatabase db) {
        World w = world(db);
        VendorPortal p = w.portal();
        var orders = w.f.market.orders();
        // 2026-03-01 08:00Z is 11:00 in Riyadh (Sunday 1 March)
        orders.place(w.op, NewOrder.of("o1", NewOrderLine.of("l1", "pa1", 2, 1500)));
        // 22:30Z on 1 March is 01:30 on Monday 2 March in Riyadh
        w.f.clock.set(Instant.parse("2026-03-01T22:30:00Z"));
        orders.place(w.op, NewOrder.of("o2", NewOrderLine.of("l1", "pa2", 1, 1000), NewOrderLine.of("l2", "pa1", 1, 1500)));
        w.f.clock.set(Instant.parse("2026-03-09T10:00:00Z"));
        orders.place(w.op, NewOrder.of("o3", NewOrderLine.of("l1", "pa1", 1, 1500)));
        orders.place(w.op, NewOrder.of("o4", NewOrderLine.of("l1", "pa2", 1, 100000)));
        orders.cancel(w.op, "o4", VendorRef.of(w.a.id()));
        orders.refund(w.op, "o2", "l1", 1);

        DateRange march = DateRange.of(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 10));
        List<EarningsBucket> days = p.earningsSeries(w.alice, w.a.id(), Granularity.DAY, march);
        assertThat(days).hasSize(10);
        assertThat(days.get(0)).isEqualTo(new EarningsBucket(LocalDate.of(2026, 3, 1), 1, 3000, 300, 2700));
        // o2: 2500 sold, 1000 refunded: sales 1500, commission 150
        assertThat(days.get(1)).isEqualTo(new EarningsBucket(LocalDate.of(2026, 3, 2), 1, 1500, 150, 1350));
        assertThat(days.get(8)).isEqualTo(new EarningsBucket(LocalDate.of(2026, 3, 9), 1, 1500, 150, 1350));
        assertThat(days.stream().mapToLong(EarningsBucket::orders).sum()).isEqualTo(3);

        // ISO weeks: Monday 23 Feb (holds 1 March, clipped to the range), 2 March, 9 March
        assertThat(p.earningsSeries(w.alice, w.a.id(), Granularity.WEEK, march))
                .extracting(EarningsBucket::start, EarningsBucket::sales)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 2, 23), 3000L),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 3, 2), 1500L),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 3, 9), 1500L));
        assertThat(p.earningsSeries(w.alice, w.a.id(), Granularity.MONTH, march))
                .containsExactly(new EarningsBucket(LocalDate.of(2026, 3, 1), 3, 6000, 600, 5400));
        assertThatThrownBy(() -> p.earningsSeries(w.alice, w.a.id(), Granularity.DAY,
                DateRange.of(LocalDate.of(2020, 1, 1), LocalDate.of(2026, 1, 1)))).hasMessageContaining("at most 1000");

        assertThat(p.topProducts(w.alice, w.a.id(), march, 10)).containsExactly(
                new ProductSales("pa1", 4, 6000, 600), new ProductSales("pa2", 0, 0, 0));

        // the balances of the earnings dashboard: o1 and o2 released (hold 1 day), o3 pending until fulfilled
        w.f.market.orders().fulfill(w.op, "o1", VendorRef.of(w.a.id()), Shipment.none());
        w.f.clock.advance(Duration.ofDays(2));
        assertThat(p.earnings(w.alice, w.a.id())).satisfies(b -> {
            assertThat(b.available()).isEqualTo(2700);
            assertThat(b.pending()).isEqualTo(1350 + 1350);
        });
    }

    @BothDatabases
    void the_operator_dashboard_shows_gmv_commission_vendors_by_status_and_top_vendors(TestDatabase db) {
        World w = world(db);
        var orders = w.f.market.orders();
        w.f.market.products().link(w.op, "house", VendorRef.platform(), Optional.empty());
        orders.place(w.op, NewOrder.of("o1", NewOrderLine.of("l1", "pa1", 2, 1500), NewOrderLine.of("l2", "pb1", 1, 5000),
                NewOrderLine.of("l3", "house", 1, 500)).withShipping(VendorRef.of(w.b.id()), 700));
        orders.place(w.op, NewOrder.of("o2", NewOrderLine.of("l1", "pb1", 1, 5000)));
        orders.cancel(w.op, "o2", VendorRef.of(w.b.id()));
        w.f.market.vendors().apply(w.op, org.cityos.marketplace.vendor.NewVendor.of("d", "D"));
        Vendor e = w.f.market.vendors().apply(w.op, org.cityos.marketplace.vendor.NewVendor.of("e", "E"));
        w.f.market.vendors().reject(w.op, e.id());

        MarketplaceFigures fig = w.f.market.operatorDashboard().figures(w.op,
                DateRange.of(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31)), 10);
        assertThat(fig.gmv()).isEqualTo(3000 + 5000 + 700 + 500);
        assertThat(fig.commission()).isEqualTo(300 + 500);
        assertThat(fig.vendorOrders()).isEqualTo(3);
        assertThat(fig.currency()).isEqualTo("SAR");
        assertThat(fig.vendorsByStatus()).containsEntry(VendorStatus.ACTIVE, 2L).containsEntry(VendorStatus.PENDING, 1L)
                .containsEntry(VendorStatus.REJECTED, 1L).containsEntry(VendorStatus.SUSPENDED, 0L);
        assertThat(fig.topVendors()).extracting(VendorSales::handle, VendorSales::sales)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 5700L), org.assertj.core.groups.Tuple.tuple("a", 3000L));
        assertThat(w.f.market.operatorDashboard().figures(w.op2,
                DateRange.of(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31)), 10).gmv()).isZero();
        refused(ErrorCode.FORBIDDEN, () -> w.f.market.operatorDashboard().figures(w.alice,
                DateRange.of(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31)), 10));
    }

    @BothDatabases
    void vendor_access_is_a_port_an_authorizer_can_back(TestDatabase db) {
        World w = world(db);
        // a policy that lets an auditor read any vendor's earnings but do nothing else, and members nothing
        Marketplace audited = Marketplace.builder(w.f.cityOs).vendorAccess((ctx, vendor, role, action) ->
                ctx.principal().hasRole("auditor") && action == org.cityos.marketplace.portal.VendorAction.VIEW_EARNINGS).build();
        TenantContext auditor = TenantContext.of(w.op.tenant(), Principal.user("audrey", "auditor"));
        assertThat(audited.vendorPortal().earnings(auditor, w.b.id()).available()).isZero();
        refused(ErrorCode.FORBIDDEN, () -> audited.vendorPortal().products(auditor, w.b.id()));
        refused(ErrorCode.FORBIDDEN, () -> audited.vendorPortal().products(w.alice, w.a.id()));
        assertThatThrownBy(() -> Marketplace.builder(w.f.cityOs).vendorAccess(null).build())
                .hasMessageContaining("vendorAccess");
    }
}
