package org.cityos.examples.http;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.identity.apikey.ApiScope;
import org.cityos.core.identity.apikey.NewApiKey;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.Hierarchy;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Tenant;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.vendor.MemberRole;
import org.cityos.marketplace.vendor.NewVendor;
import org.cityos.marketplace.vendor.PayoutAccount;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.FakeIssuer;

/**
 * The demo the command line seeds so the host is usable at once: tenant {@value #TENANT} (Riyadh,
 * food) with vendor {@value #VENDOR} (approved, a verified payout account, member
 * {@value #VENDOR_USER} as owner), two linked products and one order to fulfil; an API key for the
 * tenant; and tokens from a stand-in issuer for a platform admin, a tenant admin and the vendor's owner.
 */
public final class DemoData {
    /** The demo tenant's handle (so its host is {@code riyadh-eats.<base domain>}). */
    public static final String TENANT = "riyadh-eats";
    /** The demo vendor's handle. */
    public static final String VENDOR = "dates-co";
    /** The token subject of the demo vendor's owner. */
    public static final String VENDOR_USER = "demo-vendor-owner";
    /** The audience the demo tokens carry and the demo issuer requires. */
    public static final String AUDIENCE = "cityos-api";
    private static final Principal SEEDER = Principal.system("cityos-http-demo");

    private DemoData() {
    }

    /** What was seeded (or found from an earlier start), with an API key issued now. */
    public record Seeded(Tenant tenant, Vendor vendor, String apiKey) {
        @Override
        public String toString() {
            return "Seeded[tenant=" + tenant.handle() + ", vendor=" + vendor.handle() + "]";
        }
    }

    /** Seeds the demo unless its tenant exists already, and issues a fresh API key for it. */
    public static Seeded seed(CityOsHttp host) {
        CityOs cityOs = host.cityOs();
        Marketplace market = host.marketplace();
        Optional<Tenant> existing = cityOs.tenancy().tenants().byHandle(TENANT);
        Tenant tenant = existing.orElseGet(() -> createTenant(cityOs.tenancy().hierarchy(), cityOs));
        TenantContext ctx = TenantContext.of(tenant.id(), SEEDER);
        Vendor vendor = existing.isPresent() ? market.vendors().byHandle(ctx, VENDOR).orElseThrow()
                : createMarketplace(market, ctx);
        String key = host.apiKeys().issue(ctx, NewApiKey.of("demo operator key", ApiScope.write("*"))
                .expiringAt(cityOs.clock().instant().plus(Duration.ofDays(1)))).secret();
        return new Seeded(tenant, vendor, key);
    }

    private static Tenant createTenant(Hierarchy h, CityOs cityOs) {
        if (h.country("SA").isEmpty()) {
            h.createCountry(SEEDER, "SA", "Saudi Arabia");
        }
        Scope riyadh = h.scope("SA", "riyadh")
                .orElseGet(() -> h.createScope(SEEDER, "SA", "riyadh", "Riyadh", ScopeKind.CITY));
        Category food = h.category("food").orElseGet(() -> h.createCategory(SEEDER, "food", "Food"));
        return cityOs.tenancy().tenants().create(SEEDER,
                NewTenant.of(TENANT, "Riyadh Eats", riyadh.id(), food.id(), "SAR").locale("en", "Asia/Riyadh"));
    }

    private static Vendor createMarketplace(Marketplace market, TenantContext ctx) {
        Vendor dates = market.vendors().apply(ctx, NewVendor.of(VENDOR, "Dates Co"));
        dates = market.vendors().approve(ctx, dates.id());
        market.vendors().setPayoutAccount(ctx, new PayoutAccount(dates.id(), "manual", "SA0380000000608010167519", true));
        market.vendors().putMember(ctx, dates.id(), VENDOR_USER, MemberRole.OWNER);
        market.products().link(ctx, "ajwa-1kg", VendorRef.of(dates.id()), Optional.of("food"));
        market.products().link(ctx, "gift-wrap", VendorRef.platform(), Optional.empty());
        market.orders().place(ctx, NewOrder.of("demo-1001", NewOrderLine.of("a", "ajwa-1kg", 2, 4500),
                NewOrderLine.of("w", "gift-wrap", 1, 500)).withShipping(VendorRef.of(dates.id()), 1500));
        return dates;
    }

    /** A platform admin's token (no tenant: it manages tenants). */
    public static String platformAdminToken(FakeIssuer idp) {
        return idp.accessToken("demo-platform-admin").audience(AUDIENCE).realmRoles("platform_admin")
                .expiresIn(Duration.ofHours(8)).sign();
    }

    /** A tenant admin's token for the demo tenant. */
    public static String tenantAdminToken(FakeIssuer idp, Seeded demo) {
        return idp.accessToken("demo-operator").audience(AUDIENCE).realmRoles("tenant_admin")
                .claim("tenant_id", demo.tenant().id().toString()).expiresIn(Duration.ofHours(8)).sign();
    }

    /** The demo vendor owner's token: role {@code vendor}, the tenant and the vendor as claims. */
    public static String vendorToken(FakeIssuer idp, Seeded demo) {
        return idp.accessToken(VENDOR_USER).audience(AUDIENCE).realmRoles(Marketplace.VENDOR_ROLE)
                .claim("tenant_id", demo.tenant().id().toString())
                .claim("vendor_ids", List.of(demo.vendor().id().toString())).expiresIn(Duration.ofHours(8)).sign();
    }
}
