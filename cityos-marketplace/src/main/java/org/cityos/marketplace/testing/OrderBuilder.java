package org.cityos.marketplace.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.cityos.core.TenantContext;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.order.VendorOrder;
import org.cityos.marketplace.vendor.Vendor;

/**
 * Test data: an order placed (and, if asked, fulfilled) through the public services. Lines name a
 * linked product, or a vendor: {@link #line(Vendor, long, long)} links a fresh product to that
 * vendor first, for tests that care about the vendor and the money, not the catalog.
 *
 * <pre>{@code
 * Order order = OrderBuilder.in(market, ctx).line(dates, 3, 4500).line("oud-oil", 1, 25000).discount(1000).place();
 * }</pre>
 */
public final class OrderBuilder {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Marketplace market;
    private final TenantContext ctx;
    private String orderId;
    private final List<NewOrderLine> lines = new ArrayList<>();
    private final List<Runnable> links = new ArrayList<>();
    private long discount;
    private final Map<VendorRef, Long> shipping = new LinkedHashMap<>();

    private OrderBuilder(Marketplace market, TenantContext ctx) {
        this.market = Objects.requireNonNull(market, "market");
        this.ctx = Objects.requireNonNull(ctx, "tenant context");
    }

    /** A builder for an order of the tenant of {@code ctx}. */
    public static OrderBuilder in(Marketplace market, TenantContext ctx) {
        return new OrderBuilder(market, ctx);
    }

    /** The order's id (default {@code order-N}, unique within the JVM). */
    public OrderBuilder id(String value) {
        this.orderId = value;
        return this;
    }

    /** A line of a product already linked to its seller; line ids are {@code l1}, {@code l2}, ... */
    public OrderBuilder line(String productId, long quantity, long unitPrice) {
        lines.add(NewOrderLine.of("l" + (lines.size() + 1), productId, quantity, unitPrice));
        return this;
    }

    /** A line sold by {@code vendor}, of a product linked to it when the order is placed. */
    public OrderBuilder line(Vendor vendor, long quantity, long unitPrice) {
        String product = vendor.handle() + "-item-" + SEQUENCE.incrementAndGet();
        links.add(() -> market.products().link(ctx, product, VendorRef.of(vendor.id()), Optional.empty()));
        return line(product, quantity, unitPrice);
    }

    /** An order-level discount in minor units, split over the lines by largest remainder. */
    public OrderBuilder discount(long amount) {
        this.discount = amount;
        return this;
    }

    /** Shipping charged by {@code vendor}, in minor units. */
    public OrderBuilder shipping(Vendor vendor, long amount) {
        shipping.put(VendorRef.of(vendor.id()), amount);
        return this;
    }

    /** The order as {@code orders().place} receives it (products of vendor lines not yet linked). */
    public NewOrder build() {
        if (orderId == null) {
            orderId = "order-" + SEQUENCE.incrementAndGet();
        }
        NewOrder order = NewOrder.of(orderId, lines.toArray(NewOrderLine[]::new)).withDiscount(discount);
        for (Map.Entry<VendorRef, Long> e : shipping.entrySet()) {
            order = order.withShipping(e.getKey(), e.getValue());
        }
        return order;
    }

    /** Links the products of vendor lines (once) and places the order. */
    public Order place() {
        NewOrder order = build();
        links.forEach(Runnable::run);
        links.clear();
        return market.orders().place(ctx, order);
    }

    /** Places the order and fulfills every vendor's part of it without a shipment. */
    public Order placeAndFulfill() {
        Order order = place();
        for (VendorOrder vo : order.vendorOrders()) {
            market.orders().fulfill(ctx, vo.id(), Shipment.none());
        }
        return market.orders().require(ctx, order.orderId());
    }
}
