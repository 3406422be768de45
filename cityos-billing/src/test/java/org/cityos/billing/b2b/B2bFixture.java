package org.cityos.billing.b2b;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.cityos.billing.Billing;
import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.company.EmployeeRole;
import org.cityos.billing.b2b.company.NewCompany;
import org.cityos.billing.b2b.company.NewEmployee;
import org.cityos.billing.b2b.company.Company;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.event.Event;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.commission.NewCommissionRule;
import org.cityos.marketplace.testing.VendorBuilder;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.TenantBuilder;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/**
 * A tenant with a marketplace (two active vendors, their products and a platform product,
 * commission rules), billing without a gateway (invoices on terms are paid out of band), and B2B,
 * on a fresh database for one test.
 */
public final class B2bFixture {
    public static final Principal MERCHANT = Principal.user("merchant", "admin");

    public final TestDatabase db;
    public final TestClock clock;
    public final CityOs cityOs;
    public final Marketplace market;
    public final Billing billing;
    public final B2b b2b;
    public final TenantContext ctx;
    public Vendor dates;
    public Vendor oud;

    public B2bFixture(TestDatabase db, String start) {
        this(db, start, Duration.ofSeconds(60));
    }

    public B2bFixture(TestDatabase db, String start, Duration priceCacheTtl) {
        this.db = db;
        this.clock = TestClock.at(start);
        this.cityOs = db.cityOs(clock);
        this.market = Marketplace.create(cityOs);
        this.billing = Billing.create(cityOs);
        this.b2b = B2b.builder(billing, market).priceCacheTtl(priceCacheTtl).build();
        this.ctx = tenant("riyadh-wholesale");
        catalogue(ctx);
    }

    /** Another tenant of the same city, with no catalogue. */
    public TenantContext tenant(String handle) {
        return TenantBuilder.on(cityOs).handle(handle).category("wholesale").actingAs(MERCHANT).create();
    }

    /** Vendors dates-co and oud-house, their products, a platform product and commission rules. */
    public void catalogue(TenantContext c) {
        dates = VendorBuilder.in(market, c).handle("dates-co").name("Vendor dates-co").withoutPayoutAccount()
                .sells("ajwa-1kg", "food").sells("sukkari-box", "food").active();
        oud = VendorBuilder.in(market, c).handle("oud-house").name("Vendor oud-house").withoutPayoutAccount()
                .sells("oud-oil", "perfume").active();
        market.products().link(c, "gift-wrap", VendorRef.platform(), Optional.of("services"));
        market.commissionRules().replace(c, List.of(NewCommissionRule.forCategory("perfume", 1500),
                NewCommissionRule.forVendor(VendorRef.of(dates.id()), 800)));
    }

    /** Company acme: admin alice, buyer bob (limit 50,000), approver carol; credit 100,000 on net 30. */
    public Company acme(TenantContext c) {
        Company acme = b2b.companies().create(c, NewCompany.of("acme", "Acme Trading", id("alice"))
                .withCreditLimit(100_000).withTerms(PaymentTerms.NET_30));
        Actor alice = Actor.employee(id("alice"));
        b2b.companies().putEmployee(c, acme.id(), alice, NewEmployee.of(id("bob"), EmployeeRole.BUYER)
                .withSpendingLimit(50_000));
        b2b.companies().putEmployee(c, acme.id(), alice, NewEmployee.of(id("carol"), EmployeeRole.APPROVER));
        return acme;
    }

    public static CustomerId id(String customer) {
        return CustomerId.of(customer);
    }

    public void at(String iso) {
        clock.set(java.time.Instant.parse(iso));
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

    /** Row counts of every table a refused B2B call could touch, read as the schema owner (past RLS). */
    public Map<String, Long> counts() {
        Map<String, Long> m = new TreeMap<>();
        for (String t : List.of("b2b_company", "b2b_company_address", "b2b_employee", "b2b_invitation", "b2b_quote",
                "b2b_quote_line", "b2b_quote_history", "b2b_approval", "b2b_customer_group",
                "b2b_customer_group_member", "b2b_price_list", "b2b_price", "b2b_price_tier", "billing_invoice",
                "billing_invoice_line", "billing_customer", "billing_invoice_counter", "mkt_order", "mkt_vendor_order",
                "mkt_order_line", "outbox_event", "job")) {
            m.put(t, count("select count(*) from " + t));
        }
        m.put("audit_log applied", count("select count(*) from audit_log where outcome = 'applied'"));
        return m;
    }

    public long count(String sql) {
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that {@code call} is refused with {@code code}, naming {@code named}. */
    public static void refused(ThrowingCallable call, ErrorCode code, String named) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code)).hasMessageContaining(named);
    }
}
