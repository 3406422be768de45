package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.marketplace.commission.NewCommissionRule;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.order.VendorOrderStatus;
import org.cityos.marketplace.rules.CommissionRule;
import org.cityos.marketplace.vendor.MemberRole;
import org.cityos.marketplace.vendor.NewVendor;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

class OrderErrorsTest {

    private static void fails(ThrowingCallable call, ErrorCode code, String... named) {
        var a = assertThatThrownBy(call).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(code));
        for (String n : named) {
            a.hasMessageContaining(n);
        }
    }

    @BothDatabases
    void with_several_faults_the_first_in_the_spec_order_is_reported_and_nothing_changes(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-01-01T00:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of());
        Vendor v = f.activeVendor(ctx, "v1");
        Vendor pending = f.market.vendors().apply(ctx, NewVendor.of("late", "Late"));
        f.market.products().link(ctx, "p1", VendorRef.of(v.id()), Optional.of("food"));
        f.market.products().link(ctx, "p2", VendorRef.of(pending.id()), Optional.empty());
        f.market.orders().place(ctx, NewOrder.of("o1", NewOrderLine.of("a", "p1", 1, 100)));
        var orders = f.market.orders();

        // the ids first: a duplicate order id beats every line fault
        fails(() -> orders.place(ctx, NewOrder.of("o1", NewOrderLine.of("a", "nope", 0, -1))), ErrorCode.DUPLICATE_ORDER, "o1");
        // then each line in line order: amounts, product, vendor
        fails(() -> orders.place(ctx, NewOrder.of("o2", NewOrderLine.of("a", "nope", 1, 100),
                NewOrderLine.of("b", "p1", 0, 100))), ErrorCode.UNKNOWN_PRODUCT, "nope");
        fails(() -> orders.place(ctx, NewOrder.of("o2", NewOrderLine.of("a", "nope", 0, 100))),
                ErrorCode.INVALID_AMOUNT, "quantity 0", "'a'");
        fails(() -> orders.place(ctx, NewOrder.of("o2", NewOrderLine.of("a", "p1", 1, -5))),
                ErrorCode.INVALID_AMOUNT, "-5");
        fails(() -> orders.place(ctx, NewOrder.of("o2", NewOrderLine.of("a", "p2", 1, 100), NewOrderLine.of("b", "nope", 1, 1))),
                ErrorCode.VENDOR_NOT_ACTIVE, "late");
        fails(() -> orders.place(ctx, NewOrder.of("o2", NewOrderLine.of("a", "p1", 2, Long.MAX_VALUE / 2 + 1))),
                ErrorCode.INVALID_AMOUNT, "'a'");
        // then the order-level amounts: discount / shipping amounts, shipping keys, discount vs total
        NewOrder base = NewOrder.of("o2", NewOrderLine.of("a", "p1", 1, 100));
        fails(() -> orders.place(ctx, base.withDiscount(-1).withShipping(VendorRef.handle("ghost"), 5)),
                ErrorCode.INVALID_AMOUNT, "discount -1");
        fails(() -> orders.place(ctx, base.withDiscount(500).withShipping(VendorRef.handle("ghost"), -5)),
                ErrorCode.INVALID_AMOUNT, "-5");
        fails(() -> orders.place(ctx, base.withDiscount(500).withShipping(VendorRef.handle("ghost"), 5)),
                ErrorCode.UNKNOWN_VENDOR, "ghost");
        fails(() -> orders.place(ctx, base.withDiscount(500).withShipping(VendorRef.handle("late"), 5)),
                ErrorCode.UNKNOWN_VENDOR, "late");
        fails(() -> orders.place(ctx, base.withDiscount(101).withShipping(VendorRef.handle("v1"), 5)),
                ErrorCode.DISCOUNT_EXCEEDS_TOTAL, "101", "100");
        // malformed requests
        fails(() -> orders.place(ctx, NewOrder.of("o2")), ErrorCode.INVALID_ARGUMENT, "o2");
        fails(() -> orders.place(ctx, NewOrder.of("o2", NewOrderLine.of("a", "p1", 1, 1), NewOrderLine.of("a", "p1", 1, 1))),
                ErrorCode.INVALID_ARGUMENT, "'a'");

        assertThat(orders.get(ctx, "o2")).isEmpty();
        assertThat(f.cityOs.events().list(ctx, Optional.of("order.placed"), PageRequest.first(10)).items()).hasSize(1);

        // the state faults come last
        fails(() -> orders.refund(ctx, "nope", "zz", 0), ErrorCode.UNKNOWN_ORDER, "nope");
        fails(() -> orders.refund(ctx, "o1", "zz", 0), ErrorCode.UNKNOWN_LINE, "zz");
        fails(() -> orders.refund(ctx, "o1", "a", 0), ErrorCode.INVALID_AMOUNT, "0");
        fails(() -> orders.refund(ctx, "o1", "a", 2), ErrorCode.OVER_REFUND, "2");
        fails(() -> orders.fulfill(ctx, "nope", VendorRef.handle("ghost"), Shipment.none()), ErrorCode.UNKNOWN_ORDER, "nope");
        fails(() -> orders.fulfill(ctx, "o1", VendorRef.handle("ghost"), Shipment.none()), ErrorCode.UNKNOWN_VENDOR, "ghost");
        fails(() -> orders.fulfill(ctx, "o1", VendorRef.platform(), Shipment.none()), ErrorCode.UNKNOWN_VENDOR, "platform");
        orders.cancel(ctx, "o1", VendorRef.handle("v1"));
        fails(() -> orders.fulfill(ctx, "o1", VendorRef.handle("v1"), Shipment.none()),
                ErrorCode.INVALID_TRANSITION, "canceled");
        fails(() -> orders.refund(ctx, "o1", "a", 5), ErrorCode.INVALID_TRANSITION, "canceled");
        Order o1 = orders.require(ctx, "o1");
        assertThat(o1.vendorOrders().get(0).status()).isEqualTo(VendorOrderStatus.CANCELED);
        assertThat(o1.vendorOrders().get(0).vendorNet()).isZero();
        assertThat(o1.vendorOrders().get(0).commission()).isZero();
        assertThat(o1.vendorOrders().get(0).lines().get(0).refundedQuantity()).isZero();
    }

    @BothDatabases
    void a_rule_set_is_replaced_whole_or_not_at_all(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-01-01T00:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of());
        Vendor v = f.activeVendor(ctx, "v1");
        var rules = f.market.commissionRules();
        rules.replace(ctx, List.of(NewCommissionRule.forCategory("books", 600).withFlat(50)));

        fails(() -> rules.replace(ctx, List.of(NewCommissionRule.forCategory("books", 500),
                NewCommissionRule.forCategory("books", 700))), ErrorCode.INVALID_RULE, "books", "rule 2");
        fails(() -> rules.replace(ctx, List.of(NewCommissionRule.forCategory("a", 10_001))), ErrorCode.INVALID_RULE, "10001");
        fails(() -> rules.replace(ctx, List.of(NewCommissionRule.forCategory("a", 1).withFlat(-1))), ErrorCode.INVALID_RULE, "-1");
        fails(() -> rules.replace(ctx, List.of(NewCommissionRule.forCategory("a", 1).withMin(9).withMax(8))),
                ErrorCode.INVALID_RULE, "min 9");
        fails(() -> rules.replace(ctx, List.of(new NewCommissionRule(Optional.empty(), Optional.empty(), Optional.empty(),
                false, 5, 0, null, null))), ErrorCode.INVALID_RULE, "no product");
        // a named vendor that does not exist is reported before any invalid rule
        fails(() -> rules.replace(ctx, List.of(NewCommissionRule.forCategory("a", 99_999),
                NewCommissionRule.forVendor(VendorRef.handle("ghost"), 1))), ErrorCode.UNKNOWN_VENDOR, "ghost");

        assertThat(rules.current(ctx)).singleElement().satisfies(r -> {
            assertThat(r.tier()).isEqualTo(CommissionRule.Tier.CATEGORY);
            assertThat(r.terms().rateBps()).isEqualTo(600);
        });
        rules.replace(ctx, List.of(NewCommissionRule.forVendor(VendorRef.of(v.id()), 300), NewCommissionRule.tenantDefault(100)));
        assertThat(rules.current(ctx)).hasSize(2);
    }

    @BothDatabases
    void another_tenant_sees_nothing_and_changes_nothing(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-01-01T00:00:00Z");
        TenantContext a = f.tenant("a", Map.of("hold_days", "0"));
        TenantContext b = f.tenant("b", Map.of());
        Vendor va = f.activeVendor(a, "v1");
        f.market.products().link(a, "p1", VendorRef.of(va.id()), Optional.empty());
        f.market.orders().place(a, NewOrder.of("o1", NewOrderLine.of("l1", "p1", 2, 500)));
        var m = f.market;

        assertThat(m.orders().get(b, "o1")).isEmpty();
        assertThat(m.vendors().get(b, va.id())).isEmpty();
        fails(() -> m.orders().fulfill(b, "o1", VendorRef.of(va.id()), Shipment.none()), ErrorCode.UNKNOWN_ORDER, "o1");
        fails(() -> m.orders().refund(b, "o1", "l1", 1), ErrorCode.UNKNOWN_ORDER, "o1");
        fails(() -> m.vendors().suspend(b, va.id()), ErrorCode.UNKNOWN_VENDOR, va.id().toString());
        fails(() -> m.payouts().balance(b, va.id()), ErrorCode.UNKNOWN_VENDOR, va.id().toString());
        fails(() -> m.products().link(b, "p1", VendorRef.of(va.id()), Optional.empty()), ErrorCode.UNKNOWN_VENDOR);
        fails(() -> m.orders().place(b, NewOrder.of("o1", NewOrderLine.of("l1", "p1", 1, 1))), ErrorCode.UNKNOWN_PRODUCT, "p1");
        TenantContext ghost = TenantContext.of(new TenantId(java.util.UUID.randomUUID()), Fixture.ADMIN);
        fails(() -> m.orders().place(ghost, NewOrder.of("o1", NewOrderLine.of("l1", "p1", 1, 1))), ErrorCode.UNKNOWN_TENANT);
        fails(() -> m.vendors().apply(ghost, NewVendor.of("v1", "x")), ErrorCode.UNKNOWN_TENANT);

        assertThat(m.orders().require(a, "o1").vendorOrders().get(0).status()).isEqualTo(VendorOrderStatus.PLACED);
        assertThat(m.vendors().require(a, va.id()).status()).isEqualTo(org.cityos.marketplace.vendor.VendorStatus.ACTIVE);
        assertThat(m.payouts().balance(a, va.id()).pending()).isEqualTo(900);
        assertThat(m.payouts().balances(b)).isEmpty();
    }

    @BothDatabases
    void a_vendor_user_acts_only_for_its_own_vendor(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-01-01T00:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of());
        Vendor mine = f.activeVendor(ctx, "mine");
        Vendor theirs = f.activeVendor(ctx, "theirs");
        f.market.vendors().putMember(ctx, mine.id(), "alice", MemberRole.OWNER);
        f.market.products().link(ctx, "p1", VendorRef.of(mine.id()), Optional.empty());
        f.market.products().link(ctx, "p2", VendorRef.of(theirs.id()), Optional.empty());
        f.market.orders().place(ctx, NewOrder.of("o1", NewOrderLine.of("a", "p1", 1, 100), NewOrderLine.of("b", "p2", 1, 100)));
        TenantContext alice = TenantContext.of(ctx.tenant(), Principal.user("alice", Marketplace.VENDOR_ROLE));

        fails(() -> f.market.orders().fulfill(alice, "o1", VendorRef.of(theirs.id()), Shipment.none()),
                ErrorCode.FORBIDDEN, "alice");
        fails(() -> f.market.vendors().suspend(alice, theirs.id()), ErrorCode.FORBIDDEN);
        fails(() -> f.market.payouts().balance(alice, theirs.id()), ErrorCode.FORBIDDEN);
        fails(() -> f.market.payouts().run(alice), ErrorCode.FORBIDDEN);
        f.market.orders().fulfill(alice, "o1", VendorRef.of(mine.id()), Shipment.of("aramex", "1Z"));
        assertThat(f.market.orders().require(alice, "o1").vendorOrders()).singleElement()
                .satisfies(vo -> assertThat(vo.status()).isEqualTo(VendorOrderStatus.FULFILLED));
        assertThat(f.market.orders().require(ctx, "o1").vendorOrders().get(1).status()).isEqualTo(VendorOrderStatus.PLACED);
        assertThat(f.market.payouts().balances(alice)).extracting(b -> b.handle()).containsExactly("mine");
    }

    @BothDatabases
    void the_same_order_placed_twice_at_once_is_placed_exactly_once(TestDatabase db) throws Exception {
        Fixture f = new Fixture(db, "2026-01-01T00:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of());
        Vendor v = f.activeVendor(ctx, "v1");
        f.market.products().link(ctx, "p1", VendorRef.of(v.id()), Optional.empty());
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                String id = "race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> results = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Callable<String> place = () -> {
                        go.await();
                        try {
                            f.market.orders().place(ctx, NewOrder.of(id, NewOrderLine.of("a", "p1", 1, 100)));
                            return "placed";
                        } catch (CityOsException e) {
                            return e.code().code();
                        }
                    };
                    results.add(pool.submit(place));
                }
                go.countDown();
                List<String> outcomes = new java.util.ArrayList<>();
                for (Future<String> r : results) {
                    outcomes.add(r.get());
                }
                assertThat(outcomes).containsOnlyOnce("placed").containsOnly("placed", "duplicate_order");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.cityOs.events().list(ctx, Optional.of("order.placed"), PageRequest.first(50)).items()).hasSize(5);
        assertThat(f.market.payouts().balance(ctx, v.id()).pending()).isEqualTo(5 * 90);
    }
}
