package org.cityos.examples.quickstart;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewPortal;
import org.cityos.core.tenancy.NewStore;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.PortalKind;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Subcategory;
import org.cityos.core.tenancy.Tenancy;
import org.cityos.core.tenancy.Tenant;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.commission.NewCommissionRule;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.order.VendorOrder;
import org.cityos.marketplace.payout.AlwaysPaysProvider;
import org.cityos.marketplace.payout.Payout;
import org.cityos.marketplace.payout.PayoutRun;
import org.cityos.marketplace.payout.VendorBalance;
import org.cityos.marketplace.vendor.NewVendor;
import org.cityos.marketplace.vendor.PayoutAccount;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.marketplace.VendorRef;
import org.cityos.testkit.TestClock;

/**
 * The quickstart: the seed's success path on embedded H2, printed as it happens. The hierarchy
 * and a tenant with two brands and three portals; two vendors apply and are verified; commission
 * rules; a multi-vendor order is split with commissions; fulfillment; the return window passes
 * on the clock; a payout run; each vendor's earnings; and a second tenant that sees none of it.
 */
public final class Quickstart {
    private Quickstart() {
    }

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        run(System.out);
    }

    /** Runs the quickstart, printing to {@code out}. */
    public static void run(PrintStream out) {
        TestClock clock = TestClock.at("2026-01-05T09:00:00Z");
        try (CityOs cityOs = CityOs.embedded(clock)) {
            Principal admin = Principal.user("platform-admin", "admin");
            Tenancy t = cityOs.tenancy();

            section(out, "1. The hierarchy");
            t.hierarchy().createCountry(admin, "SA", "Saudi Arabia");
            Scope riyadh = t.hierarchy().createScope(admin, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
            Category retail = t.hierarchy().createCategory(admin, "retail", "Retail");
            Subcategory market = t.hierarchy().createSubcategory(admin, retail.id(), "marketplace", "Marketplace");
            Tenant tenant = t.tenants().create(admin, NewTenant.of("riyadh-market", "Riyadh Market", riyadh.id(),
                            retail.id(), "SAR").subcategory(market.id()).locale("ar-SA", "Asia/Riyadh")
                    .settings(Map.of("default_rate_bps", "1000", "hold_days", "14", "min_payout", "1000")));
            out.printf("SA > %s (%s) > %s/%s > tenant %s [%s, %s, %s]%n", riyadh.handle(), riyadh.kind(),
                    retail.handle(), market.handle(), tenant.handle(), tenant.currency(), tenant.locale(),
                    tenant.timeZone());

            TenantContext ctx = TenantContext.of(tenant.id(), admin).withRequestId("quickstart");
            var datesStore = t.stores().create(ctx, NewStore.of("dates", "Dates & Co", "dates.riyadh-market.example"));
            t.stores().create(ctx, NewStore.of("oud", "Oud House", "oud.riyadh-market.example"));
            t.portals().create(ctx, NewPortal.of(PortalKind.STOREFRONT, "shop", "Storefront",
                    "shop.riyadh-market.example").store(datesStore.id()));
            t.portals().create(ctx, NewPortal.of(PortalKind.VENDOR, "vendors", "Vendor portal",
                    "vendors.riyadh-market.example"));
            t.portals().create(ctx, NewPortal.of(PortalKind.ADMIN, "admin", "Admin", "admin.riyadh-market.example"));
            t.stores().list(ctx, PageRequest.first(10)).items().forEach(s ->
                    out.printf("  store  %-8s %-12s %s%n", s.handle(), s.name(), s.domains()));
            t.portals().list(ctx, PageRequest.first(10)).items().forEach(p ->
                    out.printf("  portal %-8s %-12s %s%n", p.handle(), p.kind(), p.domains()));

            Marketplace mp = Marketplace.builder(cityOs).payoutProvider(new AlwaysPaysProvider()).build();

            section(out, "2. Vendors apply and are verified");
            Vendor dates = mp.vendors().apply(ctx, NewVendor.of("dates-co", "Dates Co"));
            Vendor oud = mp.vendors().apply(ctx, NewVendor.of("oud-house", "Oud House"));
            out.printf("  applied: %s (%s), %s (%s)%n", dates.handle(), dates.status(), oud.handle(), oud.status());
            dates = mp.vendors().approve(ctx, dates.id());
            oud = mp.vendors().approve(ctx, oud.id());
            mp.vendors().setPayoutAccount(ctx, new PayoutAccount(dates.id(), "manual", "IBAN-SA-DATES", true));
            mp.vendors().setPayoutAccount(ctx, new PayoutAccount(oud.id(), "manual", "IBAN-SA-OUD", true));
            out.printf("  verified: %s (%s), %s (%s), both with a payout account%n", dates.handle(), dates.status(),
                    oud.handle(), oud.status());

            section(out, "3. Products and commission rules");
            mp.products().link(ctx, "ajwa-1kg", VendorRef.of(dates.id()), Optional.of("food"));
            mp.products().link(ctx, "sukkari-box", VendorRef.of(dates.id()), Optional.of("gifts"));
            mp.products().link(ctx, "oud-oil", VendorRef.of(oud.id()), Optional.of("perfume"));
            mp.products().link(ctx, "gift-wrap", VendorRef.platform(), Optional.of("services"));
            mp.commissionRules().replace(ctx, List.of(
                    NewCommissionRule.forCategory("perfume", 1500),
                    NewCommissionRule.forVendor(VendorRef.of(dates.id()), 800),
                    NewCommissionRule.forVendorCategory(VendorRef.of(dates.id()), "gifts", 1200).withFlat(100),
                    NewCommissionRule.forProduct("ajwa-1kg", 500).withMin(300)));
            out.println("  perfume 15%; dates-co 8%, its gifts 12% + 1.00; ajwa-1kg 5% (min 3.00); else 10%");

            section(out, "4. A multi-vendor order is split");
            Order order = mp.orders().place(ctx, NewOrder.of("ord-1001",
                            NewOrderLine.of("a", "ajwa-1kg", 3, 4500),
                            NewOrderLine.of("b", "oud-oil", 1, 25000),
                            NewOrderLine.of("c", "sukkari-box", 2, 6000),
                            NewOrderLine.of("d", "gift-wrap", 1, 1000))
                    .withDiscount(1000)
                    .withShipping(VendorRef.of(dates.id()), 1500)
                    .withShipping(VendorRef.of(oud.id()), 2000));
            out.printf("  order %s: subtotal %s, discount %s, shipping %s, total %s%n", order.orderId(),
                    sar(order.subtotal()), sar(order.discount()), sar(order.shipping()), sar(order.total()));
            final var datesId = dates.id();
            for (VendorOrder vo : order.vendorOrders()) {
                out.printf("  -> %-9s subtotal %9s  discount %7s  shipping %7s  commission %7s  vendor net %9s%n",
                        vo.vendor().map(v -> v.equals(datesId) ? "dates-co" : "oud-house").orElse("platform"),
                        sar(vo.subtotal()), sar(vo.discount()), sar(vo.shipping()), sar(vo.commission()),
                        sar(vo.vendorNet()));
            }

            section(out, "5. Fulfillment and the return window");
            clock.advance(Duration.ofDays(1));
            mp.orders().fulfill(ctx, "ord-1001", VendorRef.of(dates.id()), Shipment.of("smsa", "SMSA-88120"));
            mp.orders().fulfill(ctx, "ord-1001", VendorRef.of(oud.id()), Shipment.of("aramex", "ARX-55102"));
            printBalances(out, "  day 1, fulfilled:", mp.payouts().balances(ctx));
            clock.advance(Duration.ofDays(14));
            printBalances(out, "  day 15, 14-day hold passed:", mp.payouts().balances(ctx));

            section(out, "6. A payout run");
            PayoutRun run = mp.payouts().run(ctx);
            for (Payout p : run.settled()) {
                out.printf("  %-9s %9s  %s (idempotency key %s)%n", p.vendor().equals(dates.id()) ? "dates-co" : "oud-house",
                        sar(p.amount()), p.status(), p.idempotencyKey());
            }
            PayoutRun again = mp.payouts().run(ctx);
            out.printf("  the same run again pays %d more%n", again.created().size());

            section(out, "7. Each vendor's earnings");
            printBalances(out, "", mp.payouts().balances(ctx));

            section(out, "8. A second tenant sees none of it");
            Tenant other = t.tenants().create(admin, NewTenant.of("jeddah-food", "Jeddah Food",
                    t.hierarchy().createScope(admin, "SA", "jeddah", "Jeddah", ScopeKind.CITY).id(), retail.id(), "SAR"));
            TenantContext otherCtx = TenantContext.of(other.id(), admin);
            out.printf("  %s: %d stores, %d vendors, %d balances%n", other.handle(),
                    t.stores().list(otherCtx, PageRequest.first(10)).items().size(),
                    mp.vendors().list(otherCtx, PageRequest.first(10)).items().size(),
                    mp.payouts().balances(otherCtx).size());
            for (Runnable attempt : List.<Runnable>of(
                    () -> mp.orders().require(otherCtx, "ord-1001"),
                    () -> mp.vendors().require(otherCtx, oud_id(mp, ctx)))) {
                try {
                    attempt.run();
                    out.println("  UNEXPECTED: the other tenant read data it does not own");
                } catch (CityOsException e) {
                    out.printf("  reading %s's data from %s: %s%n", tenant.handle(), other.handle(), e.code().code());
                }
            }
        }
    }

    private static org.cityos.marketplace.VendorId oud_id(Marketplace mp, TenantContext ctx) {
        return mp.vendors().byHandle(ctx, "oud-house").orElseThrow().id();
    }

    private static void printBalances(PrintStream out, String title, List<VendorBalance> balances) {
        if (!title.isEmpty()) {
            out.println(title);
        }
        for (VendorBalance b : balances) {
            out.printf("    %-9s pending %9s  available %9s  paid %9s%n", b.handle(), sar(b.pending()),
                    sar(b.available()), sar(b.paid()));
        }
    }

    private static void section(PrintStream out, String title) {
        out.println();
        out.println("== " + title);
    }

    /** Minor units as SAR with two decimals, from the long without floating point. */
    private static String sar(long minor) {
        return (minor < 0 ? "-" : "") + Math.abs(minor / 100) + "." + String.format("%02d", Math.abs(minor % 100));
    }
}
