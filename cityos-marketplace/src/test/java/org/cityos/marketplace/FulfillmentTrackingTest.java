package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.event.Event;
import org.cityos.marketplace.order.Fulfillment;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.vendor.MemberRole;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

/** Tracking reports on a fulfillment: recorded once, idempotent when repeated, refused where they make no sense. */
class FulfillmentTrackingTest {

    @BothDatabases
    void a_tracking_report_updates_the_fulfillment_once_and_a_repeat_changes_nothing(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-02-01T09:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of());
        Vendor dates = f.activeVendor(ctx, "dates-co");
        f.market.products().link(ctx, "ajwa", VendorRef.of(dates.id()), Optional.empty());
        Order o = f.market.orders().place(ctx, NewOrder.of("o-1", NewOrderLine.of("a", "ajwa", 1, 1000)));
        VendorOrderId vo = o.vendorOrders().get(0).id();
        assertThat(f.market.orders().fulfillment(ctx, vo)).isEmpty();
        assertThatThrownBy(() -> f.market.orders().updateTracking(ctx, vo, Shipment.none(), "in_transit"))
                .isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TRANSITION));

        f.market.orders().fulfill(ctx, vo, Shipment.none());
        f.clock.set(Instant.parse("2026-02-01T10:00:00Z"));
        Fulfillment t = f.market.orders().updateTracking(ctx, vo, Shipment.of("fleetbase", "FLB-1"), "dispatched");
        assertThat(t.shipment()).isEqualTo(Shipment.of("fleetbase", "FLB-1"));
        assertThat(t.trackingStatus()).contains("dispatched");
        assertThat(t.trackingUpdatedAt()).map(x -> x.toInstant()).contains(Instant.parse("2026-02-01T10:00:00Z"));
        assertThat(t.orderId()).isEqualTo("o-1");
        assertThat(t.vendor()).contains(dates.id());

        // the same report again (a redelivered webhook) changes nothing and publishes nothing
        f.clock.set(Instant.parse("2026-02-01T11:00:00Z"));
        Fulfillment again = f.market.orders().updateTracking(ctx, vo, Shipment.none(), "dispatched");
        assertThat(again).isEqualTo(t);
        f.market.orders().updateTracking(ctx, vo, Shipment.none(), "delivered");
        assertThat(f.market.orders().fulfillment(ctx, vo)).get().satisfies(x -> {
            assertThat(x.trackingStatus()).contains("delivered");
            assertThat(x.shipment().trackingNumber()).contains("FLB-1");
        });
        assertThat(f.cityOs.events().list(ctx, Optional.of("fulfillment.tracking_updated"), PageRequest.first(10))
                .items()).extracting(Event::payload).hasSize(2)
                .allSatisfy(p -> assertThat(p).contains("\"vendorOrderId\":\"" + vo + "\""));
    }

    @BothDatabases
    void tracking_is_refused_for_unknown_vendor_orders_blank_statuses_and_other_vendors_users(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-02-01T09:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of());
        Vendor dates = f.activeVendor(ctx, "dates-co");
        Vendor oud = f.activeVendor(ctx, "oud-house");
        f.market.vendors().putMember(ctx, oud.id(), "oud-owner", MemberRole.OWNER);
        f.market.products().link(ctx, "ajwa", VendorRef.of(dates.id()), Optional.empty());
        Order o = f.market.orders().place(ctx, NewOrder.of("o-1", NewOrderLine.of("a", "ajwa", 1, 1000)));
        VendorOrderId vo = o.vendorOrders().get(0).id();
        f.market.orders().fulfill(ctx, vo, Shipment.none());

        assertThatThrownBy(() -> f.market.orders().updateTracking(ctx,
                VendorOrderId.parse("00000000-0000-7000-8000-000000000000"), Shipment.none(), "x"))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> f.market.orders().updateTracking(ctx, vo, Shipment.none(), " "))
                .isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        TenantContext oudUser = TenantContext.of(ctx.tenant(), Principal.user("oud-owner", Marketplace.VENDOR_ROLE));
        assertThatThrownBy(() -> f.market.orders().updateTracking(oudUser, vo, Shipment.none(), "lost"))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(f.market.orders().fulfillment(ctx, vo)).get()
                .satisfies(x -> assertThat(x.trackingStatus()).isEmpty());
    }
}
