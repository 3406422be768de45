package org.cityos.billing.b2b.internal;

import static org.cityos.billing.internal.Rows.odt;
import static org.cityos.billing.internal.db.Tables.BILLING_CUSTOMER;
import static org.cityos.billing.internal.db.Tables.BILLING_INVOICE;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.ApprovalId;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.PaymentTerms;
import org.cityos.billing.b2b.QuoteId;
import org.cityos.billing.b2b.approval.ApprovalReason;
import org.cityos.billing.b2b.approval.ApprovalStatus;
import org.cityos.billing.b2b.company.EmployeeRole;
import org.cityos.billing.b2b.purchase.Purchase;
import org.cityos.billing.b2b.quote.QuoteSide;
import org.cityos.billing.b2b.quote.QuoteStatus;
import org.cityos.billing.internal.Engine;
import org.cityos.billing.internal.InvoiceStore;
import org.cityos.billing.internal.TenantInfo;
import org.cityos.billing.internal.db.tables.records.B2bApprovalRecord;
import org.cityos.billing.internal.db.tables.records.B2bCompanyRecord;
import org.cityos.billing.internal.db.tables.records.B2bEmployeeRecord;
import org.cityos.billing.internal.db.tables.records.B2bQuoteRecord;
import org.cityos.billing.internal.db.tables.records.BillingInvoiceLineRecord;
import org.cityos.billing.internal.db.tables.records.BillingInvoiceRecord;
import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.invoice.InvoiceLine;
import org.cityos.billing.invoice.LineKind;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.core.event.NewEvent;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.order.VendorOrder;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The purchase rules shared by orders, approvals and quote conversions (internal): who may buy,
 * when an order needs approval, the credit check, placing through the marketplace in the caller's
 * transaction, and the purchase-order invoice.
 */
public final class Purchasing {
    private final B2bEngine engine;

    public Purchasing(B2bEngine engine) {
        this.engine = engine;
    }

    /** An order held back for approval: the savepoint it was tried in rolls back. */
    private static final class Held extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Order order;
        final transient ApprovalReason reason;

        Held(Order order, ApprovalReason reason) {
            super(null, null, false, false);
            this.order = order;
            this.reason = reason;
        }
    }

    /** The buyer's employee row; {@code forbidden} unless they work for a company in a role that buys. */
    public B2bEmployeeRecord buyer(DSLContext tx, TenantContext ctx, CustomerId buyer, String what) {
        B2bEmployeeRecord e = CompanyStore.employee(tx, ctx.tenant().value(), buyer).orElseThrow(() ->
                new CityOsException(ErrorCode.FORBIDDEN, "customer " + Values.quote(buyer) + " may not " + what
                        + ": not an employee of any company"));
        return engine.requireEmployee(tx, ctx, new CompanyId(e.getCompanyId()), buyer, EmployeeRole::buys, what);
    }

    /**
     * Submits an order of {@code buyer} (an employee who buys) in the caller's transaction: it is
     * placed through the marketplace inside a savepoint, which shows its total and validates it as
     * the marketplace does (ids, lines, vendors, amounts); when that total is above the buyer's
     * spending limit, or the company approves every order, the savepoint rolls back and an approval
     * request keeps the order instead. On terms, the credit check and the invoice follow.
     */
    public Purchase submit(DSLContext tx, TenantContext ctx, TenantInfo info, B2bEmployeeRecord buyer, NewOrder order,
                           boolean onTerms, Optional<String> poNumber, Optional<QuoteId> quote) {
        UUID t = info.uuid();
        CompanyId company = new CompanyId(buyer.getCompanyId());
        B2bCompanyRecord c = CompanyStore.lock(tx, t, company);
        String orderId = Checks.id("order id", order.orderId());
        if (ApprovalStore.orderTaken(tx, t, orderId)) {
            throw new CityOsException(ErrorCode.DUPLICATE_ORDER, "order " + Values.quote(orderId)
                    + " exists already (an approval request holds it)");
        }
        Order placed;
        try {
            placed = tx.transactionResult(sp -> {
                Order o = engine.market(sp.dsl()).orders().place(ctx, order);
                Optional<ApprovalReason> reason = approvalNeeded(c, buyer, o.total());
                if (reason.isPresent()) {
                    throw new Held(o, reason.get());
                }
                return o;
            });
        } catch (Held h) {
            if (onTerms) {
                checkCredit(tx, t, c, orderId, h.order.total());
            }
            return new Purchase.AwaitingApproval(ApprovalStore.toRequest(request(tx, ctx, info, c, buyer, order,
                    h.order.total(), h.reason, onTerms, poNumber, quote)));
        }
        return finish(tx, ctx, info, c, new CustomerId(buyer.getCustomerId()), order, placed, onTerms, poNumber,
                Optional.empty(), quote);
    }

    /** Why an order of this total needs approval, if it does. */
    static Optional<ApprovalReason> approvalNeeded(B2bCompanyRecord c, B2bEmployeeRecord buyer, long total) {
        if (Boolean.TRUE.equals(c.getRequiresApproval())) {
            return Optional.of(ApprovalReason.COMPANY_POLICY);
        }
        if (buyer.getSpendingLimit() != null && total > buyer.getSpendingLimit()) {
            return Optional.of(ApprovalReason.OVER_SPENDING_LIMIT);
        }
        return Optional.empty();
    }

    private B2bApprovalRecord request(DSLContext tx, TenantContext ctx, TenantInfo info, B2bCompanyRecord c,
                                      B2bEmployeeRecord buyer, NewOrder order, long total, ApprovalReason reason,
                                      boolean onTerms, Optional<String> poNumber, Optional<QuoteId> quote) {
        Instant now = engine.now();
        B2bApprovalRecord r = new B2bApprovalRecord();
        r.setTenantId(info.uuid());
        r.setId(engine.newId());
        r.setCompanyId(c.getId());
        r.setRequester(buyer.getCustomerId());
        r.setStatus(ApprovalStatus.PENDING.code());
        r.setReason(reason.code());
        r.setOrderId(order.orderId());
        r.setOrderBody(OrderCodec.write(order));
        r.setTotal(total);
        r.setCurrency(info.currency());
        r.setOnTerms(onTerms);
        r.setPoNumber(poNumber.orElse(null));
        r.setQuoteId(quote.map(QuoteId::value).orElse(null));
        r.setCreatedAt(odt(now));
        r.setUpdatedAt(odt(now));
        ApprovalStore.insert(tx, r);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("approval", r.getId().toString());
        payload.put("company", c.getId().toString());
        payload.put("requester", buyer.getCustomerId());
        payload.put("order", order.orderId());
        payload.put("total", total);
        payload.put("reason", reason.code());
        engine.publish(tx, ctx, "approval.requested", "approval", r.getId(), payload);
        engine.audit(tx, ctx, "approval.requested", "approval", r.getId(), null, payload);
        return r;
    }

    /**
     * After the order is placed in the caller's transaction: on terms, the credit check against the
     * company's open invoices (the company row is locked by the caller) and the invoice; then the
     * {@code purchase.placed} event and audit row; a quote it converts becomes {@code converted}.
     */
    public Purchase.Placed finish(DSLContext tx, TenantContext ctx, TenantInfo info, B2bCompanyRecord c,
                                  CustomerId buyer, NewOrder order, Order placed, boolean onTerms,
                                  Optional<String> poNumber, Optional<ApprovalId> approval, Optional<QuoteId> quote) {
        Optional<Invoice> invoice = Optional.empty();
        if (onTerms) {
            checkCredit(tx, info.uuid(), c, placed.orderId(), placed.total());
            invoice = Optional.of(issueInvoice(tx, ctx, info, c, buyer, order, placed, poNumber));
        }
        quote.ifPresent(q -> convertQuote(tx, ctx, QuoteStore.lock(tx, info.uuid(), q), placed.orderId(), buyer));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("order", placed.orderId());
        payload.put("company", c.getId().toString());
        payload.put("buyer", buyer.value());
        payload.put("total", placed.total());
        payload.put("on_terms", onTerms);
        poNumber.ifPresent(p -> payload.put("po_number", p));
        invoice.ifPresent(i -> payload.put("invoice", i.id().toString()));
        approval.ifPresent(a -> payload.put("approval", a.toString()));
        quote.ifPresent(q -> payload.put("quote", q.toString()));
        engine.publish(tx, ctx, "purchase.placed", "order", placed.orderId(), payload);
        engine.audit(tx, ctx, "purchase.placed", "order", placed.orderId(), null, payload);
        return new Purchase.Placed(placed, invoice);
    }

    private void convertQuote(DSLContext tx, TenantContext ctx, B2bQuoteRecord q, String orderId, CustomerId buyer) {
        q.setOrderId(orderId);
        QuoteMoves.move(engine, tx, ctx, q, QuoteStatus.CONVERTED, QuoteSide.CUSTOMER, buyer.value(), null, null, null,
                engine.now(), Map.of("order", orderId));
    }

    /** What the company owes on open purchase-order invoices. */
    public static long outstanding(DSLContext tx, UUID tenant, UUID company) {
        BigDecimal sum = tx.select(DSL.sum(BILLING_INVOICE.AMOUNT_DUE)).from(BILLING_INVOICE)
                .where(BILLING_INVOICE.TENANT_ID.eq(tenant)).and(BILLING_INVOICE.COMPANY_ID.eq(company))
                .and(BILLING_INVOICE.STATUS.eq("open")).fetchOne().value1();
        return sum == null ? 0 : sum.longValueExact();
    }

    /** {@code credit_limit_exceeded} when open invoices plus {@code amount} would pass the company's limit. */
    public static void checkCredit(DSLContext tx, UUID tenant, B2bCompanyRecord c, String orderId, long amount) {
        long open = outstanding(tx, tenant, c.getId());
        if (open > c.getCreditLimit() || amount > c.getCreditLimit() - open) {
            throw new CityOsException(ErrorCode.CREDIT_LIMIT_EXCEEDED, "order " + Values.quote(orderId) + " of "
                    + amount + " on terms would bring company '" + c.getHandle() + "' to " + (open + amount)
                    + " owed on open invoices, above its credit limit of " + c.getCreditLimit()
                    + " (" + open + " open now)");
        }
    }

    private Invoice issueInvoice(DSLContext tx, TenantContext ctx, TenantInfo info, B2bCompanyRecord c,
                                 CustomerId buyer, NewOrder order, Order placed, Optional<String> poNumber) {
        UUID t = info.uuid();
        Instant now = engine.now();
        long seq = InvoiceStore.reserveNumbers(tx, t, 1);
        // the invoice's customer is the buyer; billing knows customers it has invoiced
        tx.insertInto(BILLING_CUSTOMER).set(BILLING_CUSTOMER.TENANT_ID, t)
                .set(BILLING_CUSTOMER.CUSTOMER_ID, buyer.value()).set(BILLING_CUSTOMER.CREDIT_BALANCE, 0L)
                .set(BILLING_CUSTOMER.CREATED_AT, odt(now)).set(BILLING_CUSTOMER.UPDATED_AT, odt(now))
                .onConflictDoNothing().execute();
        PaymentTerms terms = PaymentTerms.of(c.getPaymentTerms());
        Instant due = now.atZone(info.zone()).plusDays(terms.days()).toInstant();
        long total = placed.total();
        BillingInvoiceRecord r = new BillingInvoiceRecord();
        r.setTenantId(t);
        r.setId(engine.newId());
        r.setSeq(seq);
        r.setInvoiceNumber(InvoiceStore.number(seq));
        r.setCustomerId(buyer.value());
        r.setKind("purchase_order");
        r.setServiceStart(odt(now));
        r.setServiceEnd(odt(now));
        r.setCurrency(info.currency());
        r.setSubtotal(total);
        r.setCreditApplied(0L);
        r.setAmountDue(total);
        r.setStatus(total == 0 ? "paid" : "open");
        r.setIssuedAt(odt(now));
        r.setPaidAt(total == 0 ? odt(now) : null);
        r.setClosedAt(total == 0 ? odt(now) : null);
        r.setAttemptCount(0);
        r.setCompanyId(c.getId());
        r.setOrderId(placed.orderId());
        r.setPoNumber(poNumber.orElse(null));
        r.setPaymentTerms(terms.code());
        r.setDueAt(odt(due));
        r.setCreatedAt(odt(now));
        r.setUpdatedAt(odt(now));
        List<BillingInvoiceLineRecord> lines = new ArrayList<>();
        for (NewOrderLine l : order.lines()) {
            lines.add(line(r, lines.size() + 1, LineKind.ORDER_LINE, l.productId() + " x " + l.quantity() + " ("
                    + l.lineId() + ")", l.quantity(), l.quantity() * l.unitPrice()));
        }
        if (order.discount() > 0) {
            lines.add(line(r, lines.size() + 1, LineKind.DISCOUNT, "Order discount", null, -order.discount()));
        }
        for (VendorOrder vo : placed.vendorOrders()) {
            if (vo.shipping() > 0) {
                lines.add(line(r, lines.size() + 1, LineKind.SHIPPING, "Shipping"
                        + vo.vendor().map(v -> " (vendor " + v + ")").orElse(""), null, vo.shipping()));
            }
        }
        InvoiceStore.insertInvoices(tx, List.of(r));
        InvoiceStore.insertLines(tx, lines);
        List<InvoiceLine> apiLines = lines.stream().map(InvoiceStore::toLine).toList();
        Invoice inv = InvoiceStore.toInvoice(r, apiLines);
        Map<String, Object> payload = Engine.invoicePayload(inv);
        List<NewEvent> events = new ArrayList<>();
        events.add(new NewEvent("invoice.issued", "invoice", inv.id().toString(), payload));
        if (total == 0) {
            events.add(new NewEvent("invoice.paid", "invoice", inv.id().toString(), payload));
        }
        engine.billing().events().publishAll(tx, ctx, events);
        return inv;
    }

    private static BillingInvoiceLineRecord line(BillingInvoiceRecord inv, int no, LineKind kind, String description,
                                                 Long quantity, long amount) {
        BillingInvoiceLineRecord l = new BillingInvoiceLineRecord();
        l.setTenantId(inv.getTenantId());
        l.setInvoiceId(inv.getId());
        l.setLineNo(no);
        l.setKind(kind.name().toLowerCase(java.util.Locale.ROOT));
        l.setDescription(description.length() > 300 ? description.substring(0, 300) : description);
        l.setQuantity(quantity);
        l.setAmount(amount);
        return l;
    }
}
