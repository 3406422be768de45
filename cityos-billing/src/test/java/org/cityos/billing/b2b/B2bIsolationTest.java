package org.cityos.billing.b2b;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityos.billing.b2b.B2bFixture.id;
import static org.cityos.billing.b2b.B2bFixture.refused;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cityos.billing.b2b.approval.ApprovalReason;
import org.cityos.billing.b2b.approval.ApprovalRequest;
import org.cityos.billing.b2b.company.AddressKind;
import org.cityos.billing.b2b.company.Company;
import org.cityos.billing.b2b.company.CompanyChange;
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
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

class B2bIsolationTest {

    @BothDatabases
    void other_companies_other_tenants_and_the_wrong_roles_are_refused_and_change_nothing(TestDatabase db) {
        B2bFixture f = new B2bFixture(db, "2026-03-01T09:00:00Z");
        TenantContext ctx = f.ctx;
        B2b b2b = f.b2b;
        Company acme = f.acme(ctx);
        Company globex = b2b.companies().create(ctx, NewCompany.of("globex", "Globex", id("gina")).withCreditLimit(50_000));
        b2b.companies().putEmployee(ctx, globex.id(), Actor.merchant(), NewEmployee.of(id("gus"), EmployeeRole.APPROVER));
        b2b.companies().putEmployee(ctx, globex.id(), Actor.merchant(), NewEmployee.of(id("gail"), EmployeeRole.BUYER));
        ApprovalRequest request = ((Purchase.AwaitingApproval) b2b.purchases().submit(ctx, id("bob"),
                PurchaseRequest.onTerms(NewOrder.of("ord-1", NewOrderLine.of("a", "oud-oil", 3, 20_000)), "PO-1")))
                .request();
        Quote quote = b2b.quotes().request(ctx, id("bob"), NewQuote.of(NewQuoteLine.of("q", "oud-oil", 1)));
        b2b.quotes().price(ctx, quote.id(), List.of(QuotePrice.of("q", 15_000)), Instant.parse("2026-03-09T00:00:00Z"),
                Optional.empty());
        IssuedInvitation invitation = b2b.invitations().invite(ctx, acme.id(), Actor.merchant(),
                NewInvitation.of("zoe@acme.example", EmployeeRole.BUYER));
        PriceList list = b2b.priceLists().create(ctx, NewPriceList.of("acme", "Acme",
                PriceListTarget.company(acme.id())));
        b2b.priceLists().setPrice(ctx, list.id(), ProductPrice.of("oud-oil", Pricing.flat(17_000)));
        TenantContext other = f.tenant("jeddah-wholesale");
        Map<String, Long> before = f.counts();

        // another company's approver and admin cannot decide, manage or act on acme's affairs
        Actor gina = Actor.employee(id("gina"));
        refused(() -> b2b.approvals().approve(f.ctx, request.id(), id("gus"), Optional.empty()), ErrorCode.FORBIDDEN,
                "not an employee of company " + acme.id());
        refused(() -> b2b.approvals().reject(ctx, request.id(), id("gina"), "no"), ErrorCode.FORBIDDEN, "gina");
        refused(() -> b2b.companies().putEmployee(ctx, acme.id(), gina, NewEmployee.of(id("gail"), EmployeeRole.ADMIN)),
                ErrorCode.FORBIDDEN, "gina");
        refused(() -> b2b.companies().removeEmployee(ctx, acme.id(), gina, id("bob")), ErrorCode.FORBIDDEN, "gina");
        refused(() -> b2b.companies().update(ctx, acme.id(), gina, CompanyChange.none().requiresApproval(true)),
                ErrorCode.FORBIDDEN, "gina");
        refused(() -> b2b.companies().addAddress(ctx, acme.id(), gina, NewAddress.of(AddressKind.SHIPPING, "x",
                "Street 1", "Riyadh", "SA")), ErrorCode.FORBIDDEN, "gina");
        refused(() -> b2b.invitations().invite(ctx, acme.id(), gina, NewInvitation.of("x@y.example", EmployeeRole.ADMIN)),
                ErrorCode.FORBIDDEN, "gina");
        refused(() -> b2b.invitations().revoke(ctx, invitation.invitation().id(), gina), ErrorCode.FORBIDDEN, "gina");
        refused(() -> b2b.quotes().accept(ctx, quote.id(), id("gail")), ErrorCode.FORBIDDEN, "gail");
        refused(() -> b2b.quotes().requestChanges(ctx, quote.id(), id("gail"), "cheaper"), ErrorCode.FORBIDDEN, "gail");
        refused(() -> b2b.quotes().reject(ctx, quote.id(), Actor.employee(id("gail")), "no"), ErrorCode.FORBIDDEN, "gail");
        refused(() -> b2b.quotes().message(ctx, quote.id(), Actor.employee(id("gail")), "hi"), ErrorCode.FORBIDDEN, "gail");

        // inside acme: a buyer cannot manage, an admin cannot raise its own credit, an approver cannot buy
        refused(() -> b2b.companies().putEmployee(ctx, acme.id(), Actor.employee(id("bob")),
                NewEmployee.of(id("bob"), EmployeeRole.ADMIN)), ErrorCode.FORBIDDEN, "buyer");
        refused(() -> b2b.companies().update(ctx, acme.id(), Actor.employee(id("alice")),
                CompanyChange.none().creditLimit(1_000_000)), ErrorCode.FORBIDDEN, "merchant sets");
        refused(() -> b2b.purchases().submit(ctx, id("carol"), PurchaseRequest.paidNow(NewOrder.of("ord-2",
                NewOrderLine.of("a", "oud-oil", 1, 1_000)))), ErrorCode.FORBIDDEN, "approver");
        refused(() -> b2b.purchases().submit(ctx, id("nobody"), PurchaseRequest.paidNow(NewOrder.of("ord-2",
                NewOrderLine.of("a", "oud-oil", 1, 1_000)))), ErrorCode.FORBIDDEN, "not an employee of any company");
        refused(() -> b2b.quotes().convert(ctx, quote.id(), id("carol"), Conversion.paidNow("ord-3")),
                ErrorCode.FORBIDDEN, "approver");

        // another tenant sees none of it
        refused(() -> b2b.companies().require(other, acme.id()), ErrorCode.UNKNOWN_COMPANY, acme.id().toString());
        refused(() -> b2b.companies().putEmployee(other, acme.id(), Actor.merchant(),
                NewEmployee.of(id("mallory"), EmployeeRole.ADMIN)), ErrorCode.UNKNOWN_COMPANY, acme.id().toString());
        refused(() -> b2b.approvals().approve(other, request.id(), id("carol"), Optional.empty()),
                ErrorCode.UNKNOWN_APPROVAL, request.id().toString());
        refused(() -> b2b.approvals().placeOrder(other, request.id()), ErrorCode.UNKNOWN_APPROVAL, request.id().toString());
        refused(() -> b2b.quotes().price(other, quote.id(), List.of(QuotePrice.of("q", 1)),
                Instant.parse("2026-03-09T00:00:00Z"), Optional.empty()), ErrorCode.UNKNOWN_QUOTE, quote.id().toString());
        refused(() -> b2b.purchases().credit(other, acme.id()), ErrorCode.UNKNOWN_COMPANY, acme.id().toString());
        refused(() -> b2b.invitations().accept(other, invitation.token(), id("mallory")), ErrorCode.UNKNOWN_INVITATION,
                "no invitation");
        refused(() -> b2b.priceLists().setPrice(other, list.id(), ProductPrice.of("oud-oil", Pricing.flat(1))),
                ErrorCode.UNKNOWN_PRICE_LIST, list.id().toString());
        refused(() -> b2b.purchases().submit(other, id("bob"), PurchaseRequest.paidNow(NewOrder.of("ord-4",
                NewOrderLine.of("a", "oud-oil", 1, 1_000)))), ErrorCode.FORBIDDEN, "not an employee of any company");
        assertThat(b2b.prices().resolve(other, id("bob"), "oud-oil", 1)).isEmpty();
        assertThat(b2b.approvals().get(other, request.id())).isEmpty();
        assertThat(b2b.quotes().get(other, quote.id())).isEmpty();

        assertThat(f.counts()).isEqualTo(before);
        assertThat(b2b.approvals().require(ctx, request.id())).isEqualTo(request);
    }

    @BothDatabases
    void the_requester_cannot_decide_their_own_request_and_another_admin_can(TestDatabase db) {
        B2bFixture f = new B2bFixture(db, "2026-03-01T09:00:00Z");
        TenantContext ctx = f.ctx;
        B2b b2b = f.b2b;
        Company initech = b2b.companies().create(ctx, NewCompany.of("initech", "Initech", id("ivan"))
                .requiringApproval(true));
        b2b.companies().putEmployee(ctx, initech.id(), Actor.employee(id("ivan")),
                NewEmployee.of(id("iris"), EmployeeRole.ADMIN));
        Purchase p = b2b.purchases().submit(ctx, id("ivan"), PurchaseRequest.paidNow(NewOrder.of("ord-1",
                NewOrderLine.of("a", "gift-wrap", 1, 500))));
        ApprovalRequest request = ((Purchase.AwaitingApproval) p).request();
        assertThat(request.reason()).isEqualTo(ApprovalReason.COMPANY_POLICY);
        Map<String, Long> before = f.counts();
        refused(() -> b2b.approvals().approve(ctx, request.id(), id("ivan"), Optional.empty()), ErrorCode.FORBIDDEN,
                "their own");
        refused(() -> b2b.approvals().reject(ctx, request.id(), id("ivan"), "changed my mind"), ErrorCode.FORBIDDEN,
                "their own");
        assertThat(f.counts()).isEqualTo(before);

        b2b.approvals().approve(ctx, request.id(), id("iris"), Optional.empty());
        Purchase.Placed placed = b2b.approvals().placeOrder(ctx, request.id());
        assertThat(placed.order().total()).isEqualTo(500);
        assertThat(placed.invoice()).isEmpty(); // paid now: no invoice, no credit used
        refused(() -> b2b.approvals().approve(ctx, request.id(), id("iris"), Optional.empty()),
                ErrorCode.INVALID_TRANSITION, "approved");
    }
}
