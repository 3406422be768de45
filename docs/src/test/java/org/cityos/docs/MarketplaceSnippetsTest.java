package org.cityos.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.identity.authz.Authorizer;
import org.cityos.core.identity.authz.EmbeddedAuthorizer;
import org.cityos.core.identity.authz.EmbeddedPolicy;
import org.cityos.marketplace.DateRange;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorOrderId;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.commission.NewCommissionRule;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.payout.AlwaysPaysProvider;
import org.cityos.marketplace.payout.PayoutProvider;
import org.cityos.marketplace.payout.PayoutRun;
import org.cityos.marketplace.payout.PayoutStatus;
import org.cityos.marketplace.payout.VendorBalance;
import org.cityos.marketplace.portal.Granularity;
import org.cityos.marketplace.portal.VendorAccess;
import org.cityos.marketplace.portal.VendorPortal;
import org.cityos.marketplace.stripe.StripeConnect;
import org.cityos.marketplace.testing.VendorBuilder;
import org.cityos.marketplace.vendor.MemberRole;
import org.cityos.marketplace.vendor.NewVendor;
import org.cityos.marketplace.vendor.PayoutAccount;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TenantBuilder;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/**
 * docs/marketplace.md: the whole flow from set-up to a payout run, the vendor portal, and the
 * Stripe Connect wiring (compiled only: it needs Stripe).
 */
class MarketplaceSnippetsTest {

    @BothDatabases
    void setting_up_and_one_order_to_a_payout(TestDatabase db) {
        TenantId tenantId = DocsFixtures.tenant(db.cityOs(Clock.systemUTC()), "riyadh-market",
                Map.of("hold_days", "0")).id();
        DataSource ds = db.ownerDataSource();
        PayoutProvider myStripeConnectProvider = new AlwaysPaysProvider();

        CityOs cityOs = CityOs.builder().dataSource(ds).clock(Clock.systemUTC()).build();
        Marketplace market = Marketplace.builder(cityOs)
                .payoutProvider(myStripeConnectProvider)      // default: ManualPayoutProvider
                .build();                                     // attaches the module, runs its migrations

        TenantContext ctx = TenantContext.of(tenantId, Principal.user("ops", "admin"));
        Vendor dates = market.vendors().apply(ctx, NewVendor.of("dates-co", "Dates Co"));   // pending
        market.vendors().approve(ctx, dates.id());                                          // active
        market.vendors().setPayoutAccount(ctx, new PayoutAccount(dates.id(), "stripe", "acct_123", true));
        market.products().link(ctx, "ajwa-1kg", VendorRef.of(dates.id()), Optional.of("food"));
        market.products().link(ctx, "gift-wrap", VendorRef.platform(), Optional.empty());
        market.commissionRules().replace(ctx, List.of(
                NewCommissionRule.forVendor(VendorRef.handle("dates-co"), 800),
                NewCommissionRule.forProduct("ajwa-1kg", 500).withMin(300)));

        Order order = market.orders().place(ctx, NewOrder.of("ord-1001",
                        NewOrderLine.of("a", "ajwa-1kg", 3, 4500), NewOrderLine.of("d", "gift-wrap", 1, 1000))
                .withDiscount(1000).withShipping(VendorRef.handle("dates-co"), 1500));
        market.orders().fulfill(ctx, "ord-1001", VendorRef.handle("dates-co"), Shipment.of("smsa", "TRK1"));
        market.orders().refund(ctx, "ord-1001", "a", 1);

        List<VendorBalance> balances = market.payouts().balances(ctx);
        PayoutRun run = market.payouts().run(ctx);          // at the clock's now

        assertThat(order.vendorOrders()).hasSize(2);
        assertThat(balances).extracting(VendorBalance::handle).containsExactly("dates-co");
        assertThat(run.count(PayoutStatus.PAID)).isEqualTo(1);
        assertThat(run.settled().get(0).amount()).isEqualTo(balances.get(0).available());
    }

    @BothDatabases
    void the_vendor_portal(TestDatabase db) {
        TestClock clock = TestClock.at("2026-01-05T09:00:00Z");
        CityOs cityOs = db.cityOs(clock);
        TenantId tenantId = DocsFixtures.tenant(cityOs, "riyadh-market", Map.of("hold_days", "0")).id();
        TenantContext ops = TenantContext.of(tenantId, DocsFixtures.ADMIN);
        Marketplace market = Marketplace.create(cityOs);
        VendorId vendorId = market.vendors().apply(ops, NewVendor.of("dates-co", "Dates Co")).id();
        market.vendors().approve(ops, vendorId);
        market.vendors().putMember(ops, vendorId, "alice", MemberRole.ADMIN);
        market.vendors().setPayoutAccount(ops, new PayoutAccount(vendorId, "manual", "IBAN-SA-DATES", true));
        market.products().link(ops, "ajwa-1kg", VendorRef.of(vendorId), Optional.of("food"));
        VendorOrderId vendorOrderId = market.orders().place(ops, NewOrder.of("ord-1001",
                NewOrderLine.of("a", "ajwa-1kg", 3, 4500))).vendorOrders().get(0).id();
        LocalDate from = LocalDate.of(2026, 1, 1);
        LocalDate to = LocalDate.of(2026, 1, 31);

        TenantContext alice = TenantContext.of(tenantId, Principal.user("alice", Marketplace.VENDOR_ROLE));
        VendorPortal portal = market.vendorPortal();
        portal.ordersToFulfill(alice, vendorId, PageRequest.first(20));              // placed, with lines
        portal.fulfill(alice, vendorId, vendorOrderId, Shipment.of("smsa", "TRK1"));
        portal.earnings(alice, vendorId);                                            // pending/available/in transit/paid
        portal.earningsSeries(alice, vendorId, Granularity.WEEK, DateRange.of(from, to));
        portal.topProducts(alice, vendorId, DateRange.of(from, to), 10);
        portal.requestPayout(alice, vendorId);

        clock.advance(Duration.ofDays(1));
        assertThat(portal.payouts(alice, vendorId)).hasSize(1);
        assertThat(portal.ordersToFulfill(alice, vendorId, PageRequest.first(20)).items()).isEmpty();
        assertThat(portal.topProducts(alice, vendorId, DateRange.of(from, to), 10)).hasSize(1);
    }

    /** The portal decided by the authorization port (marketplace.md, "Who may do what"). */
    @BothDatabases
    void the_vendor_portal_authorized_by_the_authorizer(TestDatabase db) {
        CityOs cityOs = db.cityOs(TestClock.at("2026-03-01T08:00:00Z"));
        TenantContext op = TenantBuilder.on(cityOs).create();
        Vendor vendor = VendorBuilder.in(Marketplace.create(cityOs), op).handle("dates").active();
        Marketplace.create(cityOs).vendors().putMember(op, vendor.id(), "vera", MemberRole.OWNER);
        TenantId tenantId = op.tenant();
        VendorId vendorId = vendor.id();

        Authorizer authz = new EmbeddedAuthorizer(EmbeddedPolicy.marketplaceExample());   // or a CerbosAuthorizer
        Marketplace market = Marketplace.builder(cityOs).vendorAccess(VendorAccess.authorizedBy(authz)).build();
        // the tenant and vendor claims of vera's token; her role comes from the member table
        TenantContext vera = TenantContext.of(tenantId, Principal.user("vera", Marketplace.VENDOR_ROLE)
                .withMemberships(Set.of(tenantId), Set.of(), Set.of(vendorId.toString())));
        VendorBalance balance = market.vendorPortal().earnings(vera, vendorId);

        assertThat(balance.available()).isZero();
        TenantContext stranger = TenantContext.of(tenantId, Principal.user("eve", Marketplace.VENDOR_ROLE)
                .withMemberships(Set.of(tenantId), Set.of(), Set.of(vendorId.toString())));
        assertThatThrownBy(() -> market.vendorPortal().earnings(stranger, vendorId))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    /** The Stripe Connect section; it talks to Stripe, so it is compiled but not run. */
    static void stripeConnect(CityOs cityOs, TenantContext ctx, VendorId vendorId, String body, ServletRequest request) {
        StripeConnect stripe = StripeConnect.builder(System.getenv("STRIPE_SECRET_KEY"))
                .webhookSecret(System.getenv("STRIPE_WEBHOOK_SECRET"))   // whsec_... of your endpoint
                .build();                                                 // apiBase(...) only for tests
        Marketplace market = Marketplace.builder(cityOs).payoutProvider(stripe).build();

        // onboarding: an Express account (recorded as a pending payout account) and a link to send the vendor to
        URI link = stripe.onboard(market, ctx, vendorId, "SA", Optional.of("owner@vendor.example"),
                URI.create("https://host/stripe/refresh"), URI.create("https://host/stripe/return"));

        // your webhook endpoint (account.updated): verifies Stripe-Signature, maps, updates the account
        stripe.handleWebhook(market, body, request.getHeader("Stripe-Signature"),
                tenantId -> TenantContext.of(tenantId, Principal.system("stripe-webhook")));
    }
}
