package org.cityos.billing.b2b;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityos.billing.b2b.B2bFixture.id;
import static org.cityos.billing.b2b.B2bFixture.refused;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cityos.billing.b2b.approval.ApprovalReason;
import org.cityos.billing.b2b.approval.ApprovalRequest;
import org.cityos.billing.b2b.approval.ApprovalStatus;
import org.cityos.billing.b2b.company.AddressKind;
import org.cityos.billing.b2b.company.Company;
import org.cityos.billing.b2b.company.Employee;
import org.cityos.billing.b2b.company.EmployeeRole;
import org.cityos.billing.b2b.company.IssuedInvitation;
import org.cityos.billing.b2b.company.NewAddress;
import org.cityos.billing.b2b.company.NewInvitation;
import org.cityos.billing.b2b.purchase.CreditStatus;
import org.cityos.billing.b2b.purchase.Purchase;
import org.cityos.billing.b2b.purchase.PurchaseRequest;
import org.cityos.billing.b2b.quote.Conversion;
import org.cityos.billing.b2b.quote.NewQuote;
import org.cityos.billing.b2b.quote.NewQuoteLine;
import org.cityos.billing.b2b.quote.Quote;
import org.cityos.billing.b2b.quote.QuoteEntry;
import org.cityos.billing.b2b.quote.QuotePrice;
import org.cityos.billing.b2b.quote.QuoteSide;
import org.cityos.billing.b2b.quote.QuoteStatus;
import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.invoice.InvoiceKind;
import org.cityos.billing.invoice.InvoiceLine;
import org.cityos.billing.invoice.InvoiceStatus;
import org.cityos.billing.invoice.LineKind;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.audit.AuditEntry;
import org.cityos.core.audit.AuditQuery;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.order.VendorOrder;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

class B2bPathTest {

    @BothDatabases
    void a_company_buys_on_terms_through_approval_credit_quotes_and_overdue_tracking(TestDatabase db) {
        B2bFixture f = new B2bFixture(db, "2026-03-01T09:00:00Z");
        TenantContext ctx = f.ctx;
        B2b b2b = f.b2b;

        // company set-up: admin alice, buyer bob (limit 50,000), approver carol; an address; dave invited
        Company acme = f.acme(ctx);
        Actor alice = Actor.employee(id("alice"));
        b2b.companies().addAddress(ctx, acme.id(), alice, NewAddress.of(AddressKind.BILLING, "Head office",
                "King Fahd Road 1", "Riyadh", "SA").withPostalCode("12211"));
        IssuedInvitation inv = b2b.invitations().invite(ctx, acme.id(), alice,
                NewInvitation.of("dave@acme.example", EmployeeRole.BUYER).withSpendingLimit(20_000));
        assertThat(inv.toString()).doesNotContain(inv.token());
        Employee dave = b2b.invitations().accept(ctx, inv.token(), id("dave"));
        assertThat(dave.company()).isEqualTo(acme.id());
        assertThat(dave.spendingLimit()).hasValue(20_000);
        assertThat(b2b.companies().employees(ctx, acme.id())).extracting(e -> e.customer().value())
                .containsExactly("alice", "bob", "carol", "dave");
        assertThat(b2b.companies().addresses(ctx, acme.id())).singleElement()
                .satisfies(a -> assertThat(a.postalCode()).contains("12211"));

        // bob orders above his limit on terms: the order waits for approval, nothing is placed
        NewOrder big = new NewOrder("ord-1", List.of(NewOrderLine.of("a", "ajwa-1kg", 10, 3_000),
                NewOrderLine.of("b", "oud-oil", 2, 20_000), NewOrderLine.of("c", "sukkari-box", 5, 1_500),
                NewOrderLine.of("d", "gift-wrap", 5, 500)), 0, Map.of(VendorRef.of(f.dates.id()), 1_000L));
        Purchase submitted = b2b.purchases().submit(ctx, id("bob"), PurchaseRequest.onTerms(big, "PO-7731"));
        ApprovalRequest request = ((Purchase.AwaitingApproval) submitted).request();
        assertThat(request.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(request.reason()).isEqualTo(ApprovalReason.OVER_SPENDING_LIMIT);
        assertThat(request.total()).isEqualTo(81_000);
        assertThat(request.order()).isEqualTo(big);
        assertThat(f.market.orders().get(ctx, "ord-1")).isEmpty();
        assertThat(f.count("select count(*) from billing_invoice")).isZero();

        // a buyer cannot decide; a rejected or pending request cannot become an order
        refused(() -> b2b.approvals().approve(ctx, request.id(), id("bob"), Optional.empty()), ErrorCode.FORBIDDEN,
                "role in company");
        refused(() -> b2b.approvals().placeOrder(ctx, request.id()), ErrorCode.INVALID_TRANSITION, "pending");

        // the approver approves; the approved request becomes an order, split per vendor with commissions
        f.clock.advance(Duration.ofHours(2));
        ApprovalRequest approved = b2b.approvals().approve(ctx, request.id(), id("carol"), Optional.of("ok for Q1"));
        assertThat(approved.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(approved.decidedBy()).contains(id("carol"));
        Purchase.Placed placed = b2b.approvals().placeOrder(ctx, request.id());
        Order order = placed.order();
        assertThat(order.total()).isEqualTo(81_000);
        assertThat(order.vendorOrders()).extracting(VendorOrder::vendor)
                .containsExactly(Optional.of(f.dates.id()), Optional.of(f.oud.id()), Optional.empty());
        assertThat(order.vendorOrders()).extracting(VendorOrder::subtotal).containsExactly(37_500L, 40_000L, 2_500L);
        assertThat(order.vendorOrders()).extracting(VendorOrder::commission).containsExactly(3_000L, 6_000L, 0L);
        assertThat(f.market.orders().require(ctx, "ord-1")).isEqualTo(order);

        // its invoice: the tenant's next number, due on net 30, with the PO number
        Invoice first = placed.invoice().orElseThrow();
        Instant issued = Instant.parse("2026-03-01T11:00:00Z");
        assertThat(first.number()).isEqualTo("INV-000001");
        assertThat(first.kind()).isEqualTo(InvoiceKind.PURCHASE_ORDER);
        assertThat(first.subscription()).isEmpty();
        assertThat(first.customer()).isEqualTo(id("bob"));
        assertThat(first.amountDue()).isEqualTo(81_000);
        assertThat(first.status()).isEqualTo(InvoiceStatus.OPEN);
        assertThat(first.issuedAt()).isEqualTo(issued);
        assertThat(first.purchaseOrder()).hasValueSatisfying(po -> {
            assertThat(po.company()).isEqualTo(acme.id());
            assertThat(po.orderId()).isEqualTo("ord-1");
            assertThat(po.poNumber()).contains("PO-7731");
            assertThat(po.terms()).isEqualTo(PaymentTerms.NET_30);
            assertThat(po.dueAt()).isEqualTo(Instant.parse("2026-03-31T11:00:00Z"));
        });
        assertThat(first.lines()).extracting(InvoiceLine::kind).containsExactly(LineKind.ORDER_LINE,
                LineKind.ORDER_LINE, LineKind.ORDER_LINE, LineKind.ORDER_LINE, LineKind.SHIPPING);
        assertThat(first.lines().stream().mapToLong(InvoiceLine::amount).sum()).isEqualTo(81_000);
        assertThat(f.billing.invoices().require(ctx, first.id())).isEqualTo(first);
        // placing again answers the same order and invoice and changes nothing
        Map<String, Long> once = f.counts();
        Purchase.Placed again = b2b.approvals().placeOrder(ctx, request.id());
        assertThat(again.order()).isEqualTo(order);
        assertThat(again.invoice()).contains(first);
        assertThat(f.counts()).isEqualTo(once);
        assertThat(b2b.approvals().require(ctx, request.id()).placed()).isTrue();

        // credit: 81,000 of 100,000 is owed; an order of 20,000 on terms within bob's limit is refused
        assertThat(b2b.purchases().credit(ctx, acme.id()))
                .isEqualTo(new CreditStatus(acme.id(), "SAR", 100_000, 81_000, 19_000, 0, 0));
        NewOrder second = NewOrder.of("ord-2", NewOrderLine.of("a", "ajwa-1kg", 10, 2_000));
        Map<String, Long> before = f.counts();
        refused(() -> b2b.purchases().submit(ctx, id("bob"), PurchaseRequest.onTerms(second, "PO-7732")),
                ErrorCode.CREDIT_LIMIT_EXCEEDED, "credit limit of 100000");
        assertThat(f.counts()).isEqualTo(before);
        assertThat(f.market.orders().get(ctx, "ord-2")).isEmpty();

        // once the first invoice is paid the same order goes through at once (within bob's limit)
        f.at("2026-03-02T09:00:00Z");
        f.billing.invoices().markPaid(ctx, first.id(), "bank transfer 5531");
        Purchase.Placed direct = (Purchase.Placed) b2b.purchases().submit(ctx, id("bob"),
                PurchaseRequest.onTerms(second, "PO-7732"));
        Invoice secondInvoice = direct.invoice().orElseThrow();
        assertThat(secondInvoice.number()).isEqualTo("INV-000002");
        assertThat(secondInvoice.purchaseOrder().orElseThrow().dueAt()).isEqualTo(Instant.parse("2026-04-01T09:00:00Z"));

        // a quote negotiated twice, accepted and converted at the quoted prices
        f.at("2026-03-03T09:00:00Z");
        Quote q = b2b.quotes().request(ctx, id("bob"), NewQuote.of(NewQuoteLine.of("q1", "oud-oil", 2).withTarget(15_000),
                NewQuoteLine.of("q2", "ajwa-1kg", 10)).withMessage("Quarterly restock"));
        Instant week = Instant.parse("2026-03-10T09:00:00Z");
        b2b.quotes().price(ctx, q.id(), List.of(QuotePrice.of("q1", 18_000), QuotePrice.of("q2", 2_500)), week,
                Optional.of("List prices less 10%"));
        b2b.quotes().requestChanges(ctx, q.id(), id("bob"), "Too high for our budget");
        b2b.quotes().price(ctx, q.id(), List.of(QuotePrice.of("q1", 17_000), QuotePrice.of("q2", 2_300)), week,
                Optional.empty());
        b2b.quotes().requestChanges(ctx, q.id(), id("bob"), "Can you meet us at 45,000?");
        Quote third = b2b.quotes().price(ctx, q.id(), List.of(QuotePrice.of("q1", 15_500), QuotePrice.of("q2", 1_500)),
                week, Optional.of("Final offer"));
        assertThat(third.revision()).isEqualTo(3);
        assertThat(third.total()).hasValue(46_000);
        f.at("2026-03-05T09:00:00Z");
        assertThat(b2b.quotes().accept(ctx, q.id(), id("bob")).status()).isEqualTo(QuoteStatus.ACCEPTED);
        Purchase.Placed converted = (Purchase.Placed) b2b.quotes().convert(ctx, q.id(), id("bob"),
                Conversion.onTerms("ord-3", "PO-7740"));
        assertThat(converted.order().vendorOrders().stream().flatMap(vo -> vo.lines().stream())
                .map(l -> l.productId() + "@" + l.unitPrice())).containsExactlyInAnyOrder("oud-oil@15500", "ajwa-1kg@1500");
        assertThat(converted.invoice().orElseThrow().number()).isEqualTo("INV-000003");
        Quote done = b2b.quotes().require(ctx, q.id());
        assertThat(done.status()).isEqualTo(QuoteStatus.CONVERTED);
        assertThat(done.orderId()).contains("ord-3");
        List<QuoteEntry> history = b2b.quotes().history(ctx, q.id());
        assertThat(history).extracting(e -> e.to().map(QuoteStatus::code).orElse("-")).containsExactly("requested",
                "quoted", "requested", "quoted", "requested", "quoted", "accepted", "converted");
        assertThat(history).extracting(QuoteEntry::side).containsExactly(QuoteSide.CUSTOMER, QuoteSide.MERCHANT,
                QuoteSide.CUSTOMER, QuoteSide.MERCHANT, QuoteSide.CUSTOMER, QuoteSide.MERCHANT, QuoteSide.CUSTOMER,
                QuoteSide.CUSTOMER);
        assertThat(history.get(1).prices()).isEqualTo(Map.of("q1", 18_000L, "q2", 2_500L));
        assertThat(history.get(3).prices()).isEqualTo(Map.of("q1", 17_000L, "q2", 2_300L));
        assertThat(history.get(4).message()).contains("Can you meet us at 45,000?");

        // a quote whose prices ran out cannot be accepted, before and after the sweep marks it expired
        Quote late = b2b.quotes().request(ctx, id("bob"), NewQuote.of(NewQuoteLine.of("s", "sukkari-box", 100)));
        b2b.quotes().price(ctx, late.id(), List.of(QuotePrice.of("s", 1_200)), Instant.parse("2026-03-07T09:00:00Z"),
                Optional.empty());
        f.at("2026-03-08T09:00:00Z");
        refused(() -> b2b.quotes().accept(ctx, late.id(), id("bob")), ErrorCode.INVALID_TRANSITION, "expired");
        assertThat(b2b.quotes().expireDue(ctx)).isEqualTo(1);
        assertThat(b2b.quotes().expireDue(ctx)).isZero();
        assertThat(b2b.quotes().require(ctx, late.id()).status()).isEqualTo(QuoteStatus.EXPIRED);
        refused(() -> b2b.quotes().accept(ctx, late.id(), id("bob")), ErrorCode.INVALID_TRANSITION, "expired");

        // overdue tracking: the second invoice is past its due date, the third not yet
        f.at("2026-04-02T00:00:00Z");
        assertThat(b2b.purchases().overdue(ctx, PageRequest.first(10)).items()).extracting(Invoice::number)
                .containsExactly("INV-000002");
        assertThat(b2b.purchases().markOverdue(ctx)).isEqualTo(1);
        assertThat(b2b.purchases().markOverdue(ctx)).isZero();
        assertThat(f.billing.invoices().require(ctx, secondInvoice.id()).purchaseOrder().orElseThrow().overdueAt())
                .contains(Instant.parse("2026-04-02T00:00:00Z"));
        assertThat(b2b.purchases().credit(ctx, acme.id()))
                .isEqualTo(new CreditStatus(acme.id(), "SAR", 100_000, 66_000, 34_000, 20_000, 1));
        assertThat(b2b.purchases().invoices(ctx, acme.id(), PageRequest.first(10)).items())
                .extracting(Invoice::number).containsExactly("INV-000001", "INV-000002", "INV-000003");

        // events in the outbox and decisions in the audit log
        assertThat(f.eventTypes(ctx)).contains("company.created", "company.employee_added", "company.address_added",
                "company.invitation_sent", "company.invitation_accepted", "approval.requested", "approval.approved",
                "approval.ordered", "order.placed", "vendor_order.created", "commission.calculated", "purchase.placed",
                "invoice.issued", "invoice.paid", "quote.requested", "quote.quoted", "quote.changes_requested",
                "quote.accepted", "quote.converted", "quote.expired", "invoice.overdue");
        assertThat(f.cityOs.audit().query(ctx, AuditQuery.all().entity("approval", request.id().toString())))
                .extracting(AuditEntry::action).contains("approval.requested", "approval.approved", "approval.ordered");
    }
}
