package org.cityos.examples.quickstart;

import java.io.PrintStream;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.audit.AuditQuery;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewPortal;
import org.cityos.core.tenancy.NewStore;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.PortalKind;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Store;
import org.cityos.core.tenancy.Subcategory;
import org.cityos.core.tenancy.Tenancy;
import org.cityos.core.tenancy.Tenant;
import org.cityos.testkit.TestClock;

/**
 * The quickstart: builds a city marketplace on embedded H2 and prints what it did, then shows
 * that a second tenant sees none of the first tenant's data.
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

            out.println("== The hierarchy");
            t.hierarchy().createCountry(admin, "SA", "Saudi Arabia");
            Scope riyadh = t.hierarchy().createScope(admin, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
            Category retail = t.hierarchy().createCategory(admin, "retail", "Retail");
            Subcategory market = t.hierarchy().createSubcategory(admin, retail.id(), "marketplace", "Marketplace");
            Tenant tenant = t.tenants().create(admin, NewTenant.of("riyadh-market", "Riyadh Market", riyadh.id(),
                    retail.id(), "SAR").subcategory(market.id()).locale("ar-SA", "Asia/Riyadh"));
            out.printf("country SA > scope %s (%s) > category %s/%s > tenant %s [%s, %s, %s]%n", riyadh.handle(),
                    riyadh.kind(), retail.handle(), market.handle(), tenant.handle(), tenant.currency(),
                    tenant.locale(), tenant.timeZone());

            TenantContext ctx = TenantContext.of(tenant.id(), admin).withRequestId("quickstart-1");
            Store dates = t.stores().create(ctx, NewStore.of("dates", "Dates & Co", "dates.riyadh-market.example"));
            Store oud = t.stores().create(ctx, NewStore.of("oud", "Oud House", "oud.riyadh-market.example"));
            t.portals().create(ctx, NewPortal.of(PortalKind.STOREFRONT, "shop", "Storefront", "shop.riyadh-market.example")
                    .store(dates.id()));
            t.portals().create(ctx, NewPortal.of(PortalKind.VENDOR, "vendors", "Vendor portal", "vendors.riyadh-market.example"));
            t.portals().create(ctx, NewPortal.of(PortalKind.ADMIN, "admin", "Admin", "admin.riyadh-market.example"));
            for (Store s : t.stores().list(ctx, PageRequest.first(10)).items()) {
                out.printf("  store %-6s %-12s domains %s%n", s.handle(), s.name(), s.domains());
            }
            t.portals().list(ctx, PageRequest.first(10)).items().forEach(p ->
                    out.printf("  portal %-8s %-10s domains %s%n", p.handle(), p.kind(), p.domains()));

            out.println();
            out.println("== Isolation: a second tenant");
            Tenant other = t.tenants().create(admin, NewTenant.of("jeddah-food", "Jeddah Food",
                    t.hierarchy().createScope(admin, "SA", "jeddah", "Jeddah", ScopeKind.CITY).id(), retail.id(), "SAR"));
            TenantContext otherCtx = TenantContext.of(other.id(), admin);
            out.printf("  %s lists %d stores%n", other.handle(), t.stores().list(otherCtx, PageRequest.first(10)).items().size());
            try {
                t.stores().require(otherCtx, oud.id());
                out.println("  UNEXPECTED: the other tenant read a store it does not own");
            } catch (CityOsException e) {
                out.printf("  reading %s's store by id from %s: %s (%s)%n", tenant.handle(), other.handle(),
                        e.code().code(), e.getMessage());
            }

            out.println();
            out.println("== Audit log of " + tenant.handle());
            cityOs.audit().query(ctx, AuditQuery.all()).forEach(a ->
                    out.printf("  %s %-16s %-8s %s %s%n", a.occurredAt(), a.action(), a.outcome(), a.actor(),
                            a.requestId().orElse("")));
        }
    }
}
