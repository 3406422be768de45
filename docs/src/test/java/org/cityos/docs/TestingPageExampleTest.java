package org.cityos.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.cityos.core.CityOs;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.payout.PayoutStatus;
import org.cityos.marketplace.testing.OrderBuilder;
import org.cityos.marketplace.testing.ScriptedPayoutProvider;
import org.cityos.marketplace.testing.VendorBuilder;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TenantBuilder;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.Nested;

/**
 * docs/testing.md: the page's example test class, nested here as written so that it runs (on H2
 * and PostgreSQL) under the name the page gives it.
 */
class TestingPageExampleTest {

    @Nested
    class MyHostTest {
        private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        private final ScriptedPayoutProvider bank = new ScriptedPayoutProvider();

        @BothDatabases
        void a_vendor_is_paid_its_net_once_the_hold_has_passed(TestDatabase db) {
            CityOs cityOs = db.cityOs(clock);
            Marketplace market = Marketplace.builder(cityOs).payoutProvider(bank).build();
            TenantContext shop = TenantBuilder.on(cityOs).setting("hold_days", "14").setting("default_rate_bps", "1000")
                    .create();
            Vendor dates = VendorBuilder.in(market, shop).handle("dates-co").active();
            Order order = OrderBuilder.in(market, shop).line(dates, 2, 5000).placeAndFulfill();
            assertThat(order.vendorOrders().get(0).vendorNet()).isEqualTo(9000); // 10,000 less 10 %

            bank.thenUnreachable(1);                  // the provider is down for the first run
            clock.advance(Duration.ofDays(14));       // time only moves when the test says so
            assertThat(market.payouts().run(shop).settled()).extracting(p -> p.status())
                    .containsExactly(PayoutStatus.PROCESSING);
            assertThat(market.payouts().run(shop).settled()).extracting(p -> p.status())
                    .containsExactly(PayoutStatus.PAID);
            assertThat(bank.paidTotal()).isEqualTo(9000); // asked twice, paid once

            TenantContext other = TenantBuilder.on(cityOs).create();
            assertThat(market.vendors().list(other, PageRequest.first(10)).items()).isEmpty();
        }
    }
}
