package org.cityos.billing.b2b;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityos.billing.b2b.B2bFixture.id;
import static org.cityos.billing.b2b.B2bFixture.refused;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.billing.b2b.approval.ApprovalRequest;
import org.cityos.billing.b2b.approval.ApprovalStatus;
import org.cityos.billing.b2b.company.AddressKind;
import org.cityos.billing.b2b.company.Company;
import org.cityos.billing.b2b.company.EmployeeRole;
import org.cityos.billing.b2b.company.IssuedInvitation;
import org.cityos.billing.b2b.company.NewAddress;
import org.cityos.billing.b2b.company.NewCompany;
import org.cityos.billing.b2b.company.NewEmployee;
import org.cityos.billing.b2b.company.NewInvitation;
import org.cityos.billing.b2b.pricing.NewPriceList;
import org.cityos.billing.b2b.pricing.PriceList;
import org.cityos.billing.b2b.pricing.PriceListTarget;
import org.cityos.billing.b2b.pricing.ProductPrice;
import org.cityos.billing.b2b.purchase.Purchase;
import org.cityos.billing.b2b.purchase.PurchaseRequest;
import org.cityos.billing.b2b.quote.Conversion;
import org.cityos.billing.b2b.quote.NewQuote;
import org.cityos.billing.b2b.quote.NewQuoteLine;
import org.cityos.billing.b2b.quote.Quote;
import org.cityos.billing.b2b.quote.QuotePrice;
import org.cityos.billing.rules.Pricing;
import org.cityos.billing.rules.Tier;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

class B2bValidationTest {

    @Test
    void bad_values_are_refused_before_anything_runs() {
        refused(() -> NewCompany.of("Acme Co", "Acme", id("a")), ErrorCode.INVALID_ARGUMENT, "Acme Co");
        refused(() -> NewCompany.of("acme", "Acme", id("a")).withCreditLimit(-1), ErrorCode.INVALID_AMOUNT, "-1");
        refused(() -> NewEmployee.of(id("b"), EmployeeRole.BUYER).withSpendingLimit(-5), ErrorCode.INVALID_AMOUNT, "-5");
        refused(() -> NewInvitation.of("not-an-address", EmployeeRole.BUYER), ErrorCode.INVALID_ARGUMENT, "not-an-address");
        refused(() -> NewAddress.of(AddressKind.BILLING, "HQ", "Street 1", "Riyadh", "XX"), ErrorCode.INVALID_ARGUMENT,
                "XX");
        refused(() -> new PurchaseRequest(NewOrder.of("o"), false, Optional.of("PO-1")), ErrorCode.INVALID_ARGUMENT,
                "PO-1");
        refused(() -> NewQuoteLine.of("l", "p", 0), ErrorCode.INVALID_AMOUNT, "quantity");
        refused(() -> NewQuote.of(NewQuoteLine.of("l", "p", 1), NewQuoteLine.of("l", "q", 1)), ErrorCode.INVALID_ARGUMENT,
                "twice");
        refused(() -> new NewQuote(List.of(), Optional.empty()), ErrorCode.INVALID_ARGUMENT, "quote lines");
        refused(() -> QuotePrice.of("l", -1), ErrorCode.INVALID_AMOUNT, "-1");
        refused(() -> Conversion.paidNow(" "), ErrorCode.INVALID_ARGUMENT, "order id");
        List<Tier> many = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            many.add(Tier.upTo(i, 1));
        }
        many.add(Tier.rest(1));
        refused(() -> ProductPrice.of("p", Pricing.volume(many)), ErrorCode.INVALID_ARGUMENT, "1001");
        refused(() -> NewPriceList.of("gold", " ", PriceListTarget.company(new CompanyId(UUID.randomUUID()))),
                ErrorCode.INVALID_ARGUMENT, "price list name");
    }

    @BothDatabases
    void bad_requests_get_typed_errors_name_the_value_and_change_nothing(TestDatabase db) {
        B2bFixture f = new B2bFixture(db, "2026-03-01T09:00:00Z");
        TenantContext ctx = f.ctx;
        B2b b2b = f.b2b;
        Company acme = f.acme(ctx);
        b2b.companies().create(ctx, NewCompany.of("globex", "Globex", id("gina")));
        Purchase.Placed small = (Purchase.Placed) b2b.purchases().submit(ctx, id("bob"),
                PurchaseRequest.paidNow(NewOrder.of("ord-1", NewOrderLine.of("a", "gift-wrap", 1, 500))));
        assertThat(small.invoice()).isEmpty();
        ApprovalRequest pending = ((Purchase.AwaitingApproval) b2b.purchases().submit(ctx, id("bob"),
                PurchaseRequest.paidNow(NewOrder.of("ord-9", NewOrderLine.of("a", "oud-oil", 3, 20_000))))).request();
        ApprovalRequest rejected = ((Purchase.AwaitingApproval) b2b.purchases().submit(ctx, id("bob"),
                PurchaseRequest.paidNow(NewOrder.of("ord-10", NewOrderLine.of("a", "oud-oil", 4, 20_000))))).request();
        assertThat(b2b.approvals().reject(ctx, rejected.id(), id("carol"), "Over budget").status())
                .isEqualTo(ApprovalStatus.REJECTED);
        Quote requested = b2b.quotes().request(ctx, id("bob"), NewQuote.of(NewQuoteLine.of("q1", "oud-oil", 2),
                NewQuoteLine.of("q2", "ajwa-1kg", 5)));
        IssuedInvitation revoked = b2b.invitations().invite(ctx, acme.id(), Actor.employee(id("alice")),
                NewInvitation.of("x@acme.example", EmployeeRole.BUYER));
        b2b.invitations().revoke(ctx, revoked.invitation().id(), Actor.employee(id("alice")));
        IssuedInvitation stale = b2b.invitations().invite(ctx, acme.id(), Actor.merchant(),
                NewInvitation.of("y@acme.example", EmployeeRole.BUYER));
        PriceList archived = b2b.priceLists().create(ctx, NewPriceList.of("old", "Old", PriceListTarget.company(acme.id())));
        b2b.priceLists().archive(ctx, archived.id());
        f.clock.advance(Duration.ofDays(8));
        long refusedBefore = f.count("select count(*) from audit_log where outcome = 'refused'");
        Map<String, Long> before = f.counts();

        // orders: the marketplace's errors in its precedence, and the ids B2B holds
        PurchaseRequest bad = PurchaseRequest.onTerms(NewOrder.of("ord-2", NewOrderLine.of("a", "oud-oil", 0, 20_000)),
                "PO-2");
        refused(() -> b2b.purchases().submit(ctx, id("bob"), bad), ErrorCode.INVALID_AMOUNT, "0");
        refused(() -> b2b.purchases().submit(ctx, id("bob"), PurchaseRequest.paidNow(NewOrder.of("ord-2",
                NewOrderLine.of("a", "caviar", 1, 20_000)))), ErrorCode.UNKNOWN_PRODUCT, "caviar");
        refused(() -> b2b.purchases().submit(ctx, id("bob"), PurchaseRequest.paidNow(NewOrder.of("ord-2",
                NewOrderLine.of("a", "ajwa-1kg", 1, 100)).withDiscount(101))), ErrorCode.DISCOUNT_EXCEEDS_TOTAL, "101");
        refused(() -> b2b.purchases().submit(ctx, id("bob"), PurchaseRequest.paidNow(NewOrder.of("ord-2",
                NewOrderLine.of("a", "ajwa-1kg", 1, 100)).withShipping(VendorRef.handle("ghost"), 10))),
                ErrorCode.UNKNOWN_VENDOR, "ghost");
        refused(() -> b2b.purchases().submit(ctx, id("bob"), PurchaseRequest.paidNow(NewOrder.of("ord-1",
                NewOrderLine.of("a", "gift-wrap", 1, 500)))), ErrorCode.DUPLICATE_ORDER, "ord-1");
        refused(() -> b2b.purchases().submit(ctx, id("bob"), PurchaseRequest.paidNow(NewOrder.of("ord-9",
                NewOrderLine.of("a", "gift-wrap", 1, 500)))), ErrorCode.DUPLICATE_ORDER, "ord-9");
        refused(() -> b2b.purchases().submit(ctx, id("alice"), PurchaseRequest.onTerms(NewOrder.of("ord-2",
                NewOrderLine.of("a", "oud-oil", 8, 20_000)), "PO-3")), ErrorCode.CREDIT_LIMIT_EXCEEDED, "160000");

        // approvals
        ApprovalId ghost = new ApprovalId(UUID.randomUUID());
        refused(() -> b2b.approvals().approve(ctx, ghost, id("carol"), Optional.empty()), ErrorCode.UNKNOWN_APPROVAL,
                ghost.toString());
        refused(() -> b2b.approvals().reject(ctx, pending.id(), id("carol"), " "), ErrorCode.INVALID_ARGUMENT, "reason");
        refused(() -> b2b.approvals().placeOrder(ctx, rejected.id()), ErrorCode.INVALID_TRANSITION, "rejected");
        refused(() -> b2b.approvals().placeOrder(ctx, pending.id()), ErrorCode.INVALID_TRANSITION, "pending");
        refused(() -> b2b.approvals().approve(ctx, rejected.id(), id("alice"), Optional.empty()),
                ErrorCode.INVALID_TRANSITION, "rejected");

        // quotes
        Instant later = Instant.parse("2026-03-20T00:00:00Z");
        refused(() -> b2b.quotes().price(ctx, requested.id(), List.of(QuotePrice.of("q1", 10), QuotePrice.of("q9", 10)),
                later, Optional.empty()), ErrorCode.UNKNOWN_LINE, "q9");
        refused(() -> b2b.quotes().price(ctx, requested.id(), List.of(QuotePrice.of("q1", 10)), later, Optional.empty()),
                ErrorCode.INVALID_ARGUMENT, "q2");
        refused(() -> b2b.quotes().price(ctx, requested.id(), List.of(QuotePrice.of("q1", 10), QuotePrice.of("q1", 11)),
                later, Optional.empty()), ErrorCode.INVALID_ARGUMENT, "twice");
        refused(() -> b2b.quotes().price(ctx, requested.id(), List.of(QuotePrice.of("q1", 10), QuotePrice.of("q2", 10)),
                Instant.parse("2026-03-01T00:00:00Z"), Optional.empty()), ErrorCode.INVALID_ARGUMENT, "valid until");
        refused(() -> b2b.quotes().accept(ctx, requested.id(), id("bob")), ErrorCode.INVALID_TRANSITION, "requested");
        refused(() -> b2b.quotes().convert(ctx, requested.id(), id("bob"), Conversion.paidNow("ord-5")),
                ErrorCode.INVALID_TRANSITION, "requested");
        refused(() -> b2b.quotes().requestChanges(ctx, requested.id(), id("bob"), "again"), ErrorCode.INVALID_TRANSITION,
                "requested");
        QuoteId noQuote = new QuoteId(UUID.randomUUID());
        refused(() -> b2b.quotes().accept(ctx, noQuote, id("bob")), ErrorCode.UNKNOWN_QUOTE, noQuote.toString());

        // companies and invitations
        refused(() -> b2b.companies().create(ctx, NewCompany.of("acme", "Acme again", id("zed"))), ErrorCode.CONFLICT,
                "acme");
        refused(() -> b2b.companies().create(ctx, NewCompany.of("hooli", "Hooli", id("bob"))), ErrorCode.CONFLICT, "bob");
        refused(() -> b2b.companies().putEmployee(ctx, acme.id(), Actor.merchant(),
                NewEmployee.of(id("gina"), EmployeeRole.BUYER)), ErrorCode.CONFLICT, "gina");
        refused(() -> b2b.companies().removeEmployee(ctx, acme.id(), Actor.merchant(), id("alice")), ErrorCode.CONFLICT,
                "last admin");
        refused(() -> b2b.companies().putEmployee(ctx, acme.id(), Actor.employee(id("alice")),
                NewEmployee.of(id("alice"), EmployeeRole.BUYER)), ErrorCode.CONFLICT, "last admin");
        refused(() -> b2b.companies().removeEmployee(ctx, acme.id(), Actor.merchant(), id("zed")),
                ErrorCode.UNKNOWN_CUSTOMER, "zed");
        CompanyId noCompany = new CompanyId(UUID.randomUUID());
        refused(() -> b2b.companies().putEmployee(ctx, noCompany, Actor.merchant(),
                NewEmployee.of(id("zed"), EmployeeRole.BUYER)), ErrorCode.UNKNOWN_COMPANY, noCompany.toString());
        refused(() -> b2b.invitations().accept(ctx, "nonsense", id("zed")), ErrorCode.INVALID_ARGUMENT, "token");
        refused(() -> b2b.invitations().accept(ctx, "cinv_unknown", id("zed")), ErrorCode.UNKNOWN_INVITATION, "token");
        refused(() -> b2b.invitations().accept(ctx, revoked.token(), id("zed")), ErrorCode.INVALID_TRANSITION, "revoked");
        refused(() -> b2b.invitations().accept(ctx, stale.token(), id("zed")), ErrorCode.INVALID_TRANSITION, "expired");

        // price lists
        refused(() -> b2b.priceLists().create(ctx, NewPriceList.of("old", "Again", PriceListTarget.company(acme.id()))),
                ErrorCode.CONFLICT, "old");
        refused(() -> b2b.priceLists().create(ctx, NewPriceList.of("new", "New", PriceListTarget.company(noCompany))),
                ErrorCode.UNKNOWN_COMPANY, noCompany.toString());
        refused(() -> b2b.priceLists().setPrice(ctx, archived.id(), ProductPrice.of("ajwa-1kg", Pricing.flat(1))),
                ErrorCode.INVALID_TRANSITION, "archived");
        refused(() -> b2b.priceLists().setPrices(ctx, archived.id(), List.of(ProductPrice.of("a", Pricing.flat(1)),
                ProductPrice.of("a", Pricing.flat(2)))), ErrorCode.INVALID_ARGUMENT, "twice");

        assertThat(f.counts()).isEqualTo(before);
        assertThat(f.count("select count(*) from audit_log where outcome = 'refused'") - refusedBefore)
                .as("34 refused calls, all audited but the two refused by their argument checks")
                .isEqualTo(32);
    }
}
