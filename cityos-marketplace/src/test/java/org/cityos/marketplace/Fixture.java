package org.cityos.marketplace;

import java.util.Map;

import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Tenant;
import org.cityos.marketplace.payout.AlwaysPaysProvider;
import org.cityos.marketplace.payout.PayoutProvider;
import org.cityos.marketplace.vendor.NewVendor;
import org.cityos.marketplace.vendor.PayoutAccount;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** A marketplace on a test database with a helper to make tenants and active vendors. */
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
        cityOs.tenancy().hierarchy().createCountry(ADMIN, "SA", "Saudi Arabia");
        cityOs.tenancy().hierarchy().createScope(ADMIN, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        cityOs.tenancy().hierarchy().createCategory(ADMIN, "retail", "Retail");
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
        Scope scope = cityOs.tenancy().hierarchy().scope("SA", "riyadh").orElseThrow();
        Category cat = cityOs.tenancy().hierarchy().category("retail").orElseThrow();
        Tenant t = cityOs.tenancy().tenants().create(ADMIN,
                NewTenant.of(handle, "Tenant " + tenants, scope.id(), cat.id(), "SAR").locale("en", zone).settings(settings));
        return TenantContext.of(t.id(), ADMIN);
    }

    Vendor activeVendor(TenantContext ctx, String handle) {
        Vendor v = market.vendors().apply(ctx, NewVendor.of(handle, "Vendor " + handle));
        market.vendors().setPayoutAccount(ctx, new PayoutAccount(v.id(), "manual", "acct_" + handle, true));
        return market.vendors().approve(ctx, v.id());
    }
}
