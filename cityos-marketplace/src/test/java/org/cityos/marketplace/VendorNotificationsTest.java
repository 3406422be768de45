package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.cityos.core.CityOs;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.notify.VendorNotification;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestDatabase;

/** order.placed and fulfillment.created reach the vendor notifier once per event, also when a delivery fails and is retried. */
class VendorNotificationsTest {

    @BothDatabases
    void vendors_hear_of_new_orders_and_fulfillments_once(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-01-01T00:00:00Z");
        List<VendorNotification> seen = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(1);
        // a second marketplace view with a recording notifier that fails its first call
        Marketplace market = Marketplace.builder(f.cityOs).payoutProvider(new org.cityos.marketplace.payout.AlwaysPaysProvider())
                .vendorNotifier(n -> {
                    if (failuresLeft.getAndDecrement() > 0) {
                        throw new IllegalStateException("mail server down");
                    }
                    seen.add(n);
                }).build();
        TenantContext ctx = f.tenant("t1", Map.of());
        Vendor a = f.activeVendor(ctx, "a");
        Vendor b = f.activeVendor(ctx, "b");
        market.products().link(ctx, "pa", VendorRef.of(a.id()), Optional.empty());
        market.products().link(ctx, "pb", VendorRef.of(b.id()), Optional.empty());
        market.products().link(ctx, "wrap", VendorRef.platform(), Optional.empty());

        market.orders().place(ctx, NewOrder.of("o1", NewOrderLine.of("1", "pa", 1, 1000),
                NewOrderLine.of("2", "pb", 2, 500), NewOrderLine.of("3", "wrap", 1, 100)));
        drain(f.cityOs);
        assertThat(seen).extracting(VendorNotification::kind, VendorNotification::vendor)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(VendorNotification.Kind.NEW_ORDER, a.id()),
                        org.assertj.core.groups.Tuple.tuple(VendorNotification.Kind.NEW_ORDER, b.id()));

        market.orders().fulfill(ctx, "o1", VendorRef.of(a.id()), Shipment.of("smsa", "TRK-1"));
        drain(f.cityOs);
        drain(f.cityOs);
        assertThat(seen).hasSize(3);
        VendorNotification fulfilled = seen.get(2);
        assertThat(fulfilled.kind()).isEqualTo(VendorNotification.Kind.FULFILLMENT_CREATED);
        assertThat(fulfilled.vendor()).isEqualTo(a.id());
        assertThat(fulfilled.details()).containsEntry("carrier", "smsa").containsEntry("trackingNumber", "TRK-1");
    }

    /** Runs due jobs until none is left, moving the clock past any retry backoff. */
    private static void drain(CityOs cityOs) {
        for (int i = 0; i < 5; i++) {
            JobsTestSupport.runUntilIdle(cityOs);
            ((org.cityos.testkit.TestClock) cityOs.clock()).advance(java.time.Duration.ofHours(1));
        }
    }
}
