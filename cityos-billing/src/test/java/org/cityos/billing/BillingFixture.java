package org.cityos.billing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cityos.billing.customer.NewCustomer;
import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.plan.NewPlan;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.rules.Pricing;
import org.cityos.billing.testing.ScriptedPaymentGateway;
import org.cityos.core.CityOs;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.event.Event;
import org.cityos.testkit.TenantBuilder;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** A tenant with billing on a scripted gateway, on a fresh database, for one test. */
public final class BillingFixture {
    public static final Principal ADMIN = Principal.user("admin", "admin");

    public final TestDatabase db;
    public final TestClock clock;
    public final CityOs cityOs;
    public final ScriptedPaymentGateway gateway = new ScriptedPaymentGateway();
    public final Billing billing;
    public final TenantContext ctx;

    public BillingFixture(TestDatabase db, TestClock clock) {
        this(db, clock, Map.of());
    }

    public BillingFixture(TestDatabase db, TestClock clock, Map<String, String> settings) {
        this.db = db;
        this.clock = clock;
        this.cityOs = db.cityOs(clock);
        this.ctx = tenant("gym", settings);
        this.billing = Billing.create(cityOs, gateway);
    }

    /** Another tenant of the same city, UTC, with these settings. */
    public TenantContext tenant(String handle, Map<String, String> settings) {
        return TenantBuilder.on(cityOs).handle(handle).category("services").settings(settings).actingAs(ADMIN).create();
    }

    public Plan monthly(String code, long amount) {
        return billing.plans().create(ctx, NewPlan.monthly(code, code, Pricing.flat(amount)));
    }

    public CustomerId customer(String id) {
        return customer(ctx, id);
    }

    public CustomerId customer(TenantContext c, String id) {
        CustomerId cid = CustomerId.of(id);
        billing.customers().register(c, NewCustomer.of(cid, "cus_" + id, "pm_" + id));
        return cid;
    }

    public void at(String iso) {
        clock.set(Instant.parse(iso));
    }

    public List<Invoice> invoices(CustomerId customer) {
        return billing.customers().invoices(ctx, customer, PageRequest.first(500)).items();
    }

    public List<Invoice> allInvoices(TenantContext c) {
        List<Invoice> out = new ArrayList<>();
        PageRequest page = PageRequest.first(500);
        while (true) {
            var p = billing.invoices().list(c, page);
            out.addAll(p.items());
            if (p.next().isEmpty()) {
                return out;
            }
            page = page.after(p.next().get());
        }
    }

    public List<String> eventTypes(TenantContext c) {
        List<String> out = new ArrayList<>();
        PageRequest page = PageRequest.first(500);
        while (true) {
            var p = cityOs.events().list(c, Optional.empty(), page);
            p.items().stream().map(Event::type).forEach(out::add);
            if (p.next().isEmpty()) {
                return out;
            }
            page = page.after(p.next().get());
        }
    }

    /** Rows in a table, read as the schema owner (past row-level security). */
    public long count(String table) {
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Row counts of every billing table, to show that a refused request wrote nothing. */
    public Map<String, Long> counts() {
        Map<String, Long> m = new java.util.TreeMap<>();
        for (String t : List.of("billing_plan", "billing_plan_tier", "billing_customer", "billing_subscription",
                "billing_invoice", "billing_invoice_line", "billing_payment_attempt", "billing_invoice_counter",
                "outbox_event")) {
            m.put(t, count(t));
        }
        return m;
    }
}
