package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.cityos.core.TenantContext;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

class JoiningTest {

    @BothDatabases
    void an_order_placed_through_a_joined_view_commits_and_rolls_back_with_the_callers_transaction(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-01-05T09:00:00Z");
        TenantContext ctx = f.tenant("riyadh-market", Map.of());
        Vendor dates = f.activeVendor(ctx, "dates-co");
        f.market.products().link(ctx, "ajwa-1kg", VendorRef.of(dates.id()), Optional.empty());

        assertThatThrownBy(() -> f.cityOs.transaction(tx -> {
            f.market.joining(tx).orders().place(ctx, NewOrder.of("ord-1", NewOrderLine.of("a", "ajwa-1kg", 1, 4500)));
            throw new IllegalStateException("the caller's own step failed");
        })).hasMessageContaining("caller's own step");
        assertThat(f.market.orders().get(ctx, "ord-1")).isEmpty();

        f.cityOs.transaction(tx -> f.market.joining(tx).orders().place(ctx,
                NewOrder.of("ord-1", NewOrderLine.of("a", "ajwa-1kg", 1, 4500))));
        assertThat(f.market.orders().require(ctx, "ord-1").total()).isEqualTo(4500);
    }
}
