package org.cityos.billing.b2b.quote;

import static org.cityos.billing.internal.Rows.inst;
import static org.cityos.billing.internal.Rows.odt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.Actor;
import org.cityos.billing.b2b.ApprovalId;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.QuoteId;
import org.cityos.billing.b2b.approval.ApprovalStatus;
import org.cityos.billing.b2b.company.EmployeeRole;
import org.cityos.billing.b2b.internal.ApprovalStore;
import org.cityos.billing.b2b.internal.B2bEngine;
import org.cityos.billing.b2b.internal.Checks;
import org.cityos.billing.b2b.internal.CompanyStore;
import org.cityos.billing.b2b.internal.Purchasing;
import org.cityos.billing.b2b.internal.QuoteMoves;
import org.cityos.billing.b2b.internal.QuoteStore;
import org.cityos.billing.b2b.purchase.Purchase;
import org.cityos.billing.internal.TenantInfo;
import org.cityos.billing.internal.db.tables.records.B2bEmployeeRecord;
import org.cityos.billing.internal.db.tables.records.B2bQuoteLineRecord;
import org.cityos.billing.internal.db.tables.records.B2bQuoteRecord;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.core.tenancy.Validate;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.jooq.DSLContext;

/**
 * Quotes between a company's employees and the merchant: {@code requested} (an employee who buys
 * asks) {@code -> quoted} (the merchant prices every line, with {@code valid_until})
 * {@code -> accepted} (an employee of the company, while the prices hold) {@code -> converted} (an
 * order at the quoted prices, under the purchase rules: above the converter's spending limit it
 * waits for approval first). The customer may send a quote back to {@code requested} with a
 * message; either side may reject it; a quoted quote past {@code valid_until} expires (the
 * {@link #expireDue} sweep). Every move and message is kept in its history.
 */
public final class Quotes {
    private static final int SWEEP_PAGE = 200;
    private final B2bEngine engine;
    private final Purchasing purchasing;

    /** For {@code B2b}; hosts get this service from {@code B2b.quotes()}. */
    public Quotes(B2bEngine engine, Purchasing purchasing) {
        this.engine = engine;
        this.purchasing = purchasing;
    }

    /** An employee who buys asks for a quote for their company; {@code forbidden} for anyone else. */
    public Quote request(TenantContext ctx, CustomerId customer, NewQuote n) {
        Validate.required("customer", customer);
        Validate.required("quote", n);
        return engine.write(ctx, "quote.requested", "quote", customer, tx -> {
            engine.tenant(ctx);
            UUID t = ctx.tenant().value();
            B2bEmployeeRecord e = purchasing.buyer(tx, ctx, customer, "ask for a quote");
            Instant now = engine.now();
            B2bQuoteRecord q = new B2bQuoteRecord();
            q.setTenantId(t);
            q.setId(engine.newId());
            q.setCompanyId(e.getCompanyId());
            q.setCustomerId(customer.value());
            q.setStatus(QuoteStatus.REQUESTED.code());
            q.setRevision(0);
            q.setCreatedAt(odt(now));
            q.setUpdatedAt(odt(now));
            List<B2bQuoteLineRecord> lines = new ArrayList<>();
            for (NewQuoteLine l : n.lines()) {
                B2bQuoteLineRecord r = new B2bQuoteLineRecord();
                r.setTenantId(t);
                r.setQuoteId(q.getId());
                r.setLineNo(lines.size() + 1);
                r.setLineId(l.lineId());
                r.setProductId(l.productId());
                r.setQuantity(l.quantity());
                r.setTargetUnitPrice(l.targetUnitPrice().isPresent() ? l.targetUnitPrice().getAsLong() : null);
                lines.add(r);
            }
            QuoteStore.insert(tx, q, lines);
            QuoteStore.append(tx, t, q.getId(), QuoteEntry.Kind.MOVE, null, QuoteStatus.REQUESTED, QuoteSide.CUSTOMER,
                    customer.value(), n.message().orElse(null), null, null, now);
            Quote quote = QuoteStore.toQuote(q, lines);
            engine.publish(tx, ctx, "quote.requested", "quote", quote.id(), Map.of("quote", quote.id().toString(),
                    "company", quote.company().toString(), "customer", customer.value()));
            engine.audit(tx, ctx, "quote.requested", "quote", quote.id(), null, quote);
            return quote;
        });
    }

    /**
     * The merchant prices every line of a requested quote, until {@code validUntil} (after now).
     *
     * @throws CityOsException {@code unknown_quote}; {@code invalid_argument} when a line is priced
     *                         twice or not at all, or {@code validUntil} is not in the future;
     *                         {@code unknown_line} for a line the quote does not have;
     *                         {@code invalid_transition} unless the quote is requested
     */
    public Quote price(TenantContext ctx, QuoteId id, List<QuotePrice> prices, Instant validUntil,
                       Optional<String> message) {
        Validate.required("quote", id);
        Validate.required("prices", prices);
        Validate.required("valid until", validUntil);
        Optional<String> text = message == null ? Optional.empty() : message.map(m -> Checks.text("message", m, 4000));
        return engine.write(ctx, "quote.quoted", "quote", id, tx -> {
            UUID t = ctx.tenant().value();
            B2bQuoteRecord q = QuoteStore.lock(tx, t, id);
            List<B2bQuoteLineRecord> lines = QuoteStore.lines(tx, t, q.getId());
            Map<String, B2bQuoteLineRecord> byId = new HashMap<>();
            lines.forEach(l -> byId.put(l.getLineId(), l));
            Map<String, Long> proposed = new LinkedHashMap<>();
            for (QuotePrice p : prices) {
                Validate.required("price", p);
                if (!byId.containsKey(p.lineId())) {
                    throw new CityOsException(ErrorCode.UNKNOWN_LINE, "quote " + id + " has no line "
                            + Values.quote(p.lineId()));
                }
                if (proposed.put(p.lineId(), p.unitPrice()) != null) {
                    throw CityOsException.invalid("line id", p.lineId(), "is priced twice");
                }
            }
            for (B2bQuoteLineRecord l : lines) {
                if (!proposed.containsKey(l.getLineId())) {
                    throw CityOsException.invalid("line id", l.getLineId(), "of quote " + id + " has no price");
                }
            }
            Instant now = engine.now();
            if (!validUntil.isAfter(now)) {
                throw CityOsException.invalid("valid until", validUntil, "must be after now (" + now + ")");
            }
            QuoteStatus.of(q.getStatus()).checkMoveTo(QuoteStatus.QUOTED, id);
            long total = 0;
            for (B2bQuoteLineRecord l : lines) {
                long price = proposed.get(l.getLineId());
                total = Checks.add("quote total", total, Checks.multiply("quote line " + l.getLineId(),
                        l.getQuantity(), price));
                QuoteStore.setPrice(tx, t, q.getId(), l.getLineNo(), price);
            }
            q.setRevision(q.getRevision() + 1);
            q.setValidUntil(odt(validUntil));
            QuoteMoves.move(engine, tx, ctx, q, QuoteStatus.QUOTED, QuoteSide.MERCHANT, ctx.principal().actor(),
                    text.orElse(null), proposed, validUntil, now, Map.of("revision", q.getRevision(), "total", total,
                            "valid_until", validUntil.toString()));
            return load(tx, q);
        });
    }

    /**
     * The customer sends a quoted quote back to {@code requested} with a message; {@code forbidden}
     * unless {@code by} is an employee of the quote's company who buys.
     */
    public Quote requestChanges(TenantContext ctx, QuoteId id, CustomerId by, String message) {
        String text = Checks.text("message", message, 4000);
        return customerMove(ctx, id, by, QuoteStatus.REQUESTED, text);
    }

    /**
     * The customer accepts a quoted quote while its prices hold ({@code invalid_transition} naming
     * the expiry once {@code valid_until} has passed, even before the sweep marks it expired).
     */
    public Quote accept(TenantContext ctx, QuoteId id, CustomerId by) {
        return customerMove(ctx, id, by, QuoteStatus.ACCEPTED, null);
    }

    private Quote customerMove(TenantContext ctx, QuoteId id, CustomerId by, QuoteStatus to, String message) {
        Validate.required("quote", id);
        Validate.required("customer", by);
        return engine.write(ctx, QuoteMoves.event(to), "quote", id, tx -> {
            UUID t = ctx.tenant().value();
            B2bQuoteRecord q = QuoteStore.lock(tx, t, id);
            engine.requireEmployee(tx, ctx, new CompanyId(q.getCompanyId()), by, EmployeeRole::buys,
                    "act on quote " + id);
            Instant now = engine.now();
            if (QuoteStatus.of(q.getStatus()) == QuoteStatus.QUOTED && q.getValidUntil() != null
                    && now.isAfter(inst(q.getValidUntil()))) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "quote " + id + " expired at "
                        + inst(q.getValidUntil()) + " and cannot become " + to.code());
            }
            QuoteMoves.move(engine, tx, ctx, q, to, QuoteSide.CUSTOMER, by.value(), message, null, null, now, Map.of());
            return load(tx, q);
        });
    }

    /**
     * Either side rejects a requested or quoted quote with a reason: the merchant, or an employee
     * of the quote's company who buys ({@code forbidden} for anyone else).
     */
    public Quote reject(TenantContext ctx, QuoteId id, Actor by, String reason) {
        Validate.required("quote", id);
        Validate.required("actor", by);
        String text = Checks.text("reason", reason, 4000);
        return engine.write(ctx, "quote.rejected", "quote", id, tx -> {
            UUID t = ctx.tenant().value();
            B2bQuoteRecord q = QuoteStore.lock(tx, t, id);
            QuoteSide side = side(tx, ctx, q, by);
            QuoteMoves.move(engine, tx, ctx, q, QuoteStatus.REJECTED, side, author(ctx, by), text, null, null,
                    engine.now(), Map.of());
            return load(tx, q);
        });
    }

    /** Either side adds a message to a quote that is not final (history only; no move). */
    public QuoteEntry message(TenantContext ctx, QuoteId id, Actor by, String text) {
        Validate.required("quote", id);
        Validate.required("actor", by);
        String body = Checks.text("message", text, 4000);
        return engine.write(ctx, "quote.message_added", "quote", id, tx -> {
            UUID t = ctx.tenant().value();
            B2bQuoteRecord q = QuoteStore.lock(tx, t, id);
            QuoteSide side = side(tx, ctx, q, by);
            QuoteStatus status = QuoteStatus.of(q.getStatus());
            if (status.isFinal()) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "quote " + id + " is " + status.code()
                        + " and takes no more messages");
            }
            Instant now = engine.now();
            QuoteStore.append(tx, t, q.getId(), QuoteEntry.Kind.MESSAGE, null, null, side, author(ctx, by), body, null,
                    null, now);
            engine.publish(tx, ctx, "quote.message_added", "quote", id, Map.of("quote", id.toString(), "side",
                    side.code()));
            engine.audit(tx, ctx, "quote.message_added", "quote", id, null, Map.of("side", side.code()));
            List<QuoteEntry> h = QuoteStore.history(tx, t, id);
            return h.get(h.size() - 1);
        });
    }

    /**
     * Converts an accepted quote into an order at the quoted prices, under the purchase rules: the
     * order is placed at once (the quote becomes {@code converted}), or, above {@code by}'s
     * spending limit or when the company approves every order, waits as an approval request whose
     * placement converts the quote.
     *
     * @throws CityOsException {@code unknown_quote}; {@code forbidden} unless {@code by} is an
     *                         employee of the quote's company who buys; {@code invalid_transition}
     *                         unless the quote is accepted; {@code conflict} while an approval of
     *                         its conversion is pending or approved; the purchase errors
     */
    public Purchase convert(TenantContext ctx, QuoteId id, CustomerId by, Conversion conversion) {
        Validate.required("quote", id);
        Validate.required("customer", by);
        Validate.required("conversion", conversion);
        return engine.write(ctx, "quote.converted", "quote", id, tx -> {
            TenantInfo info = engine.tenant(ctx);
            UUID t = info.uuid();
            B2bQuoteRecord q = QuoteStore.lock(tx, t, id);
            B2bEmployeeRecord e = engine.requireEmployee(tx, ctx, new CompanyId(q.getCompanyId()), by,
                    EmployeeRole::buys, "convert quote " + id);
            QuoteStatus.of(q.getStatus()).checkMoveTo(QuoteStatus.CONVERTED, id);
            if (q.getApprovalId() != null) {
                ApprovalStatus waiting = ApprovalStore.find(tx, t, new ApprovalId(q.getApprovalId()))
                        .map(a -> ApprovalStatus.of(a.getStatus())).orElse(ApprovalStatus.REJECTED);
                if (waiting != ApprovalStatus.REJECTED) {
                    throw CityOsException.conflict("quote " + id + " waits on approval request " + q.getApprovalId()
                            + ", which is " + waiting.code());
                }
            }
            List<NewOrderLine> lines = new ArrayList<>();
            for (B2bQuoteLineRecord l : QuoteStore.lines(tx, t, q.getId())) {
                lines.add(NewOrderLine.of(l.getLineId(), l.getProductId(), l.getQuantity(), l.getUnitPrice()));
            }
            NewOrder order = new NewOrder(conversion.orderId(), lines, 0, Map.of());
            Purchase p = purchasing.submit(tx, ctx, info, e, order, conversion.onTerms(), conversion.poNumber(),
                    Optional.of(id));
            if (p instanceof Purchase.AwaitingApproval a) {
                B2bQuoteRecord again = QuoteStore.lock(tx, t, id);
                again.setApprovalId(a.request().id().value());
                QuoteStore.update(tx, again, engine.now());
            }
            return p;
        });
    }

    /**
     * The expiry sweep, for a scheduled job: every quoted quote whose {@code valid_until} has passed
     * becomes {@code expired} (history, event). Returns how many it expired; running it again does nothing more.
     */
    public int expireDue(TenantContext ctx) {
        engine.tenant(ctx);
        int expired = 0;
        while (true) {
            int n = engine.billing().retrying(ctx, tx -> {
                Instant now = engine.now();
                List<B2bQuoteRecord> due = QuoteStore.lockExpired(tx, ctx.tenant().value(), now, SWEEP_PAGE);
                for (B2bQuoteRecord q : due) {
                    QuoteMoves.move(engine, tx, ctx, q, QuoteStatus.EXPIRED, QuoteSide.SYSTEM, ctx.principal().actor(),
                            null, null, null, now, Map.of("valid_until", inst(q.getValidUntil()).toString()));
                }
                return due.size();
            });
            expired += n;
            if (n < SWEEP_PAGE) {
                return expired;
            }
        }
    }

    public Optional<Quote> get(TenantContext ctx, QuoteId id) {
        return engine.read(ctx, tx -> QuoteStore.find(tx, ctx.tenant().value(), id).map(q -> load(tx, q)));
    }

    /** The quote; {@code unknown_quote} when the tenant has none with this id. */
    public Quote require(TenantContext ctx, QuoteId id) {
        return get(ctx, id).orElseThrow(() -> QuoteStore.unknown(id));
    }

    /** The quote's history, oldest first; {@code unknown_quote}. */
    public List<QuoteEntry> history(TenantContext ctx, QuoteId id) {
        return engine.read(ctx, tx -> {
            QuoteStore.find(tx, ctx.tenant().value(), id).orElseThrow(() -> QuoteStore.unknown(id));
            return QuoteStore.history(tx, ctx.tenant().value(), id);
        });
    }

    /** The company's quotes, oldest first; {@code unknown_company}. */
    public Page<Quote> list(TenantContext ctx, CompanyId company, PageRequest page) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<Quote> rows = engine.read(ctx, tx -> {
            CompanyStore.require(tx, ctx.tenant().value(), company);
            return QuoteStore.page(tx, ctx.tenant().value(), company, after, page.limit() + 1).stream()
                    .map(q -> load(tx, q)).toList();
        });
        return Page.of(rows, page.limit(), q -> q.id().toString());
    }

    private static Quote load(DSLContext tx, B2bQuoteRecord q) {
        return QuoteStore.toQuote(q, QuoteStore.lines(tx, q.getTenantId(), q.getId()));
    }

    private QuoteSide side(DSLContext tx, TenantContext ctx, B2bQuoteRecord q, Actor by) {
        if (by instanceof Actor.Employee e) {
            engine.requireEmployee(tx, ctx, new CompanyId(q.getCompanyId()), e.customer(), EmployeeRole::buys,
                    "act on quote " + q.getId());
            return QuoteSide.CUSTOMER;
        }
        return QuoteSide.MERCHANT;
    }

    private static String author(TenantContext ctx, Actor by) {
        return by instanceof Actor.Employee e ? e.customer().value() : ctx.principal().actor();
    }
}
