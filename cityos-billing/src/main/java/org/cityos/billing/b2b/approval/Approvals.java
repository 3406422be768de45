package org.cityos.billing.b2b.approval;

import static org.cityos.billing.internal.Rows.odt;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.InvoiceId;
import org.cityos.billing.b2b.ApprovalId;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.QuoteId;
import org.cityos.billing.b2b.company.EmployeeRole;
import org.cityos.billing.b2b.internal.ApprovalStore;
import org.cityos.billing.b2b.internal.B2bEngine;
import org.cityos.billing.b2b.internal.Checks;
import org.cityos.billing.b2b.internal.CompanyStore;
import org.cityos.billing.b2b.internal.OrderCodec;
import org.cityos.billing.b2b.internal.Purchasing;
import org.cityos.billing.b2b.purchase.Purchase;
import org.cityos.billing.internal.InvoiceStore;
import org.cityos.billing.internal.TenantInfo;
import org.cityos.billing.internal.db.tables.records.B2bApprovalRecord;
import org.cityos.billing.internal.db.tables.records.B2bCompanyRecord;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.core.tenancy.Validate;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.Order;
import org.jooq.DSLContext;

/**
 * Approval requests: an approver or admin of the requester's company, other than the requester,
 * approves or rejects a pending request (audited, with events); an approved request then becomes
 * an order through the marketplace with {@link #placeOrder}, once. A refusal when it is placed
 * (credit limit, a vendor suspended meanwhile) leaves the request approved, to be placed later.
 */
public final class Approvals {
    private final B2bEngine engine;
    private final Purchasing purchasing;

    /** For {@code B2b}; hosts get this service from {@code B2b.approvals()}. */
    public Approvals(B2bEngine engine, Purchasing purchasing) {
        this.engine = engine;
        this.purchasing = purchasing;
    }

    /**
     * Approves a pending request.
     *
     * @throws CityOsException {@code unknown_approval}; {@code forbidden} when {@code approver} is not
     *                         an approver or admin of the request's company, or is its requester;
     *                         {@code invalid_transition} unless the request is pending
     */
    public ApprovalRequest approve(TenantContext ctx, ApprovalId id, CustomerId approver, Optional<String> note) {
        return decide(ctx, id, approver, ApprovalStatus.APPROVED,
                note == null ? Optional.empty() : note.map(n -> Checks.text("note", n, 1000)));
    }

    /** Rejects a pending request with a reason (1-1000 characters); errors as {@link #approve}. A rejected request never becomes an order. */
    public ApprovalRequest reject(TenantContext ctx, ApprovalId id, CustomerId approver, String reason) {
        return decide(ctx, id, approver, ApprovalStatus.REJECTED, Optional.of(Checks.text("reason", reason, 1000)));
    }

    private ApprovalRequest decide(TenantContext ctx, ApprovalId id, CustomerId approver, ApprovalStatus to,
                                   Optional<String> note) {
        Validate.required("approval", id);
        Validate.required("approver", approver);
        String action = to == ApprovalStatus.APPROVED ? "approval.approved" : "approval.rejected";
        return engine.write(ctx, action, "approval", id, tx -> {
            UUID t = ctx.tenant().value();
            B2bApprovalRecord r = ApprovalStore.lock(tx, t, id);
            CompanyId company = new CompanyId(r.getCompanyId());
            engine.requireEmployee(tx, ctx, company, approver, EmployeeRole::decides, "decide approval request " + id);
            if (r.getRequester().equals(approver.value())) {
                throw new CityOsException(ErrorCode.FORBIDDEN, "customer " + Values.quote(approver)
                        + " may not decide approval request " + id + ": it is their own");
            }
            ApprovalStatus from = ApprovalStatus.of(r.getStatus());
            if (from != ApprovalStatus.PENDING) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "approval request " + id + " is "
                        + from.code() + " and cannot become " + to.code());
            }
            Instant now = engine.now();
            r.setStatus(to.code());
            r.setDecidedBy(approver.value());
            r.setDecidedAt(odt(now));
            r.setNote(note.orElse(null));
            ApprovalStore.update(tx, r, now);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("approval", id.toString());
            payload.put("company", company.toString());
            payload.put("requester", r.getRequester());
            payload.put("decided_by", approver.value());
            payload.put("order", r.getOrderId());
            payload.put("total", r.getTotal());
            note.ifPresent(n -> payload.put("note", n));
            engine.publish(tx, ctx, action, "approval", id, payload);
            engine.audit(tx, ctx, action, "approval", id, Map.of("status", from.code()),
                    Map.of("status", to.code(), "decided_by", approver.value()));
            return ApprovalStore.toRequest(r);
        });
    }

    /**
     * Places the order of an approved request through the marketplace (split, commissions) under
     * its order id, on terms with its invoice; placing it again answers the same order and changes nothing.
     *
     * @throws CityOsException {@code unknown_approval}; {@code invalid_transition} unless the request
     *                         is approved; the marketplace's order errors; {@code credit_limit_exceeded}
     */
    public Purchase.Placed placeOrder(TenantContext ctx, ApprovalId id) {
        Validate.required("approval", id);
        return engine.write(ctx, "approval.ordered", "approval", id, tx -> {
            TenantInfo info = engine.tenant(ctx);
            UUID t = info.uuid();
            B2bApprovalRecord r = ApprovalStore.lock(tx, t, id);
            ApprovalStatus status = ApprovalStatus.of(r.getStatus());
            if (status != ApprovalStatus.APPROVED) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "approval request " + id + " is "
                        + status.code() + ": only an approved request becomes an order");
            }
            if (r.getPlacedAt() != null) {
                return placedBefore(tx, ctx, r);
            }
            B2bCompanyRecord c = CompanyStore.lock(tx, t, new CompanyId(r.getCompanyId()));
            NewOrder order = OrderCodec.read(r.getOrderBody());
            Order placed = engine.market(tx).orders().place(ctx, order);
            Purchase.Placed done = purchasing.finish(tx, ctx, info, c, new CustomerId(r.getRequester()), order, placed,
                    r.getOnTerms(), Optional.ofNullable(r.getPoNumber()), Optional.of(id),
                    Optional.ofNullable(r.getQuoteId()).map(QuoteId::new));
            Instant now = engine.now();
            r.setPlacedAt(odt(now));
            r.setInvoiceId(done.invoice().map(i -> i.id().value()).orElse(null));
            ApprovalStore.update(tx, r, now);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("approval", id.toString());
            payload.put("order", placed.orderId());
            payload.put("total", placed.total());
            done.invoice().ifPresent(i -> payload.put("invoice", i.id().toString()));
            engine.publish(tx, ctx, "approval.ordered", "approval", id, payload);
            engine.audit(tx, ctx, "approval.ordered", "approval", id, Map.of("placed", false), Map.of("placed", true));
            return done;
        });
    }

    private Purchase.Placed placedBefore(DSLContext tx, TenantContext ctx, B2bApprovalRecord r) {
        Order order = engine.market(tx).orders().require(ctx, r.getOrderId());
        return new Purchase.Placed(order, Optional.ofNullable(r.getInvoiceId()).map(i ->
                InvoiceStore.withLines(tx, r.getTenantId(), List.of(InvoiceStore.find(tx, r.getTenantId(),
                        new InvoiceId(i)).orElseThrow())).get(0)));
    }

    public Optional<ApprovalRequest> get(TenantContext ctx, ApprovalId id) {
        return engine.read(ctx, tx -> ApprovalStore.find(tx, ctx.tenant().value(), id).map(ApprovalStore::toRequest));
    }

    /** The request; {@code unknown_approval} when the tenant has none with this id. */
    public ApprovalRequest require(TenantContext ctx, ApprovalId id) {
        return get(ctx, id).orElseThrow(() -> ApprovalStore.unknown(id));
    }

    /** The company's requests, optionally of one status, oldest first; {@code unknown_company}. */
    public Page<ApprovalRequest> list(TenantContext ctx, CompanyId company, Optional<ApprovalStatus> status,
                                      PageRequest page) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<ApprovalRequest> rows = engine.read(ctx, tx -> {
            CompanyStore.require(tx, ctx.tenant().value(), company);
            return ApprovalStore.page(tx, ctx.tenant().value(), company, status == null ? Optional.empty() : status,
                    after, page.limit() + 1).stream().map(ApprovalStore::toRequest).toList();
        });
        return Page.of(rows, page.limit(), a -> a.id().toString());
    }
}
