package org.cityos.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import org.cityos.billing.Billing;
import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.Actor;
import org.cityos.billing.b2b.B2b;
import org.cityos.billing.b2b.PaymentTerms;
import org.cityos.billing.b2b.company.Company;
import org.cityos.billing.b2b.company.EmployeeRole;
import org.cityos.billing.b2b.company.NewCompany;
import org.cityos.billing.b2b.company.NewEmployee;
import org.cityos.billing.b2b.purchase.Purchase;
import org.cityos.billing.b2b.purchase.PurchaseRequest;
import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.payment.PaymentGateway;
import org.cityos.billing.run.BillingJobs;
import org.cityos.billing.testing.ScriptedPaymentGateway;
import org.cityos.core.CityOs;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.vendor.NewVendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

/**
 * docs/b2b.md: B2B built over billing and the marketplace, then a company whose buyer's order
 * goes through approval and is placed on net-30 terms with its purchase-order invoice.
 */
class B2bSnippetsTest {

    @BothDatabases
    void setting_up_and_a_purchase_through_approval(TestDatabase db) {
        DataSource ds = db.ownerDataSource();
        PaymentGateway gateway = new ScriptedPaymentGateway();

        CityOs cityOs = CityOs.builder().dataSource(ds).clock(Clock.systemUTC()).build();
        Marketplace market = Marketplace.create(cityOs);
        Billing billing = Billing.create(cityOs, gateway);          // B2B tables come with billing's migrations
        B2b b2b = B2b.builder(billing, market)
                .priceCacheTtl(Duration.ofSeconds(60))   // default; Duration.ZERO turns the price cache off
                .priceCacheSize(100_000)                 // default: products (and, apart, buyers) kept per node
                .invitationTtl(Duration.ofDays(7))       // default
                .build();
        BillingJobs.builder(cityOs, billing).b2b(b2b).install();   // schedules: see docs/billing.md

        TenantContext ctx = TenantContext.of(DocsFixtures.tenant(cityOs, "riyadh-market").id(), DocsFixtures.ADMIN);
        VendorId dates = market.vendors().apply(ctx, NewVendor.of("dates-co", "Dates Co")).id();
        market.vendors().approve(ctx, dates);
        market.products().link(ctx, "ajwa-1kg", VendorRef.of(dates), Optional.of("food"));
        NewOrder order = NewOrder.of("ord-2001", NewOrderLine.of("a", "ajwa-1kg", 12, 4500));   // 540.00 SAR

        Company acme = b2b.companies().create(ctx, NewCompany.of("acme", "Acme Trading", CustomerId.of("alice"))
                .withCreditLimit(100_000).withTerms(PaymentTerms.NET_30));
        b2b.companies().putEmployee(ctx, acme.id(), Actor.employee(CustomerId.of("alice")),
                NewEmployee.of(CustomerId.of("bob"), EmployeeRole.BUYER).withSpendingLimit(50_000));
        b2b.companies().putEmployee(ctx, acme.id(), Actor.employee(CustomerId.of("alice")),
                NewEmployee.of(CustomerId.of("carol"), EmployeeRole.APPROVER));

        Purchase p = b2b.purchases().submit(ctx, CustomerId.of("bob"), PurchaseRequest.onTerms(order, "PO-7731"));
        if (p instanceof Purchase.AwaitingApproval waiting) {
            b2b.approvals().approve(ctx, waiting.request().id(), CustomerId.of("carol"), Optional.empty());
            Purchase.Placed placed = b2b.approvals().placeOrder(ctx, waiting.request().id());
            Invoice invoice = placed.invoice().orElseThrow();   // INV-000042, due in 30 days, PO-7731
        }

        assertThat(p).isInstanceOf(Purchase.AwaitingApproval.class);
        Invoice invoice = b2b.purchases().invoices(ctx, acme.id(), PageRequest.first(10)).items().get(0);
        assertThat(invoice.number()).isEqualTo("INV-000001");
        assertThat(invoice.amountDue()).isEqualTo(54_000);
        assertThat(invoice.purchaseOrder().orElseThrow().poNumber()).contains("PO-7731");
        assertThat(invoice.purchaseOrder().orElseThrow().dueAt()).isAfter(invoice.issuedAt().plus(Duration.ofDays(29)));
        assertThat(market.orders().require(ctx, "ord-2001").total()).isEqualTo(54_000);
    }
}
