package org.cityos.marketplace;

import java.util.Map;

import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.payout.AlwaysPaysProvider;
import org.cityos.marketplace.payout.PayoutProvider;
import org.cityos.marketplace.testing.VendorBuilder;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.TenantBuilder;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** A marketplace on a test database; tenants and vendors come from the testkit's builders. */
final class Fixture {
    static final Principal ADMIN = Principal.user("platform-admin", "admin");

    final TestDatabase db;
    final TestClock clock;
    final CityOs cityOs;
    final Marketplace market;
    private final int payoutBatch;
    private int tenants;

    Fixture(TestDatabase db, String start) {
        this(db, start, new AlwaysPaysProvider());
    }

    Fixture(TestDatabase db, String start, PayoutProvider provider) {
        this(db, start, provider, Marketplace.Builder.DEFAULT_PAYOUT_BATCH);
    }

    /** A marketplace that hands {@code payoutBatch} payouts to the provider between two commits. */
    Fixture(TestDatabase db, String start, PayoutProvider provider, int payoutBatch) {
        this.db = db;
        this.clock = TestClock.at(start);
        this.cityOs = db.cityOs(clock);
        this.payoutBatch = payoutBatch;
        this.market = Marketplace.builder(cityOs).payoutProvider(provider).payoutBatch(payoutBatch).build();
    }

    /** A new marketplace on the same database and clock, as after a restart of the process. */
    Marketplace restart(PayoutProvider provider) {
        return Marketplace.builder(db.cityOs(clock)).payoutProvider(provider).payoutBatch(payoutBatch).build();
    }

    TenantContext tenant(String handle, Map<String, String> settings) {
        return tenant(handle, settings, "UTC");
    }

    TenantContext tenant(String handle, Map<String, String> settings, String zone) {
        tenants++;
        return TenantBuilder.on(cityOs).handle(handle).name("Tenant " + tenants).zone(zone).settings(settings)
                .actingAs(ADMIN).create();
    }

    Vendor activeVendor(TenantContext ctx, String handle) {
        return VendorBuilder.in(market, ctx).handle(handle).name("Vendor " + handle).active();
    }
}
