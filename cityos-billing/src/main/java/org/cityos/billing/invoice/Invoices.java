package org.cityos.billing.invoice;

import static org.cityos.billing.internal.Rows.odt;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.billing.InvoiceId;
import org.cityos.billing.SubscriptionId;
import org.cityos.billing.internal.Engine;
import org.cityos.billing.internal.InvoiceStore;
import org.cityos.billing.internal.SubscriptionStore;
import org.cityos.billing.internal.db.tables.records.BillingInvoiceRecord;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.jooq.impl.DSL;

/** A tenant's invoices: read, list, their payment attempts; void an open one or record a payment made elsewhere. */
public final class Invoices {
    private final Engine engine;

    public Invoices(Engine engine) {
        this.engine = engine;
    }

    public Optional<Invoice> get(TenantContext ctx, InvoiceId id) {
        return engine.db().tenant(ctx, tx -> InvoiceStore.find(tx, ctx.tenant().value(), id)
                .map(r -> InvoiceStore.withLines(tx, ctx.tenant().value(), List.of(r)).get(0)));
    }

    /** The invoice with its lines; {@code unknown_invoice} when the tenant has none with this id. */
    public Invoice require(TenantContext ctx, InvoiceId id) {
        return get(ctx, id).orElseThrow(() -> InvoiceStore.unknown(id));
    }

    /** The tenant's invoices in issue order. */
    public Page<Invoice> list(TenantContext ctx, PageRequest page) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<Invoice> rows = engine.db().tenant(ctx, tx -> InvoiceStore.withLines(tx, ctx.tenant().value(),
                InvoiceStore.page(tx, ctx.tenant().value(), DSL.noCondition(), after, page.limit() + 1)));
        return Page.of(rows, page.limit(), x -> x.id().toString());
    }

    /** The attempts to collect the invoice, first to last; {@code unknown_invoice} when there is no such invoice. */
    public List<PaymentAttempt> attempts(TenantContext ctx, InvoiceId id) {
        return engine.db().tenant(ctx, tx -> {
            InvoiceStore.find(tx, ctx.tenant().value(), id).orElseThrow(() -> InvoiceStore.unknown(id));
            return InvoiceStore.attempts(tx, ctx.tenant().value(), id);
        });
    }

    /**
     * Voids an {@code open} invoice: it is no longer owed and its retries stop; a {@code past_due}
     * subscription with no other failed invoice open becomes {@code active}. {@code invalid_transition}
     * when it is not open.
     */
    public Invoice voidInvoice(TenantContext ctx, InvoiceId id) {
        return close(ctx, id, "void", null);
    }

    /**
     * Records that an {@code open} invoice was paid outside the gateway (bank transfer, cash),
     * with the host's reference; {@code invalid_transition} when it is not open.
     */
    public Invoice markPaid(TenantContext ctx, InvoiceId id, String reference) {
        if (reference == null || reference.isBlank() || reference.length() > 200) {
            throw CityOsException.invalid("payment reference", reference, "must be 1..200 characters");
        }
        return close(ctx, id, "paid", reference);
    }

    private Invoice close(TenantContext ctx, InvoiceId id, String to, String reference) {
        String action = "void".equals(to) ? "invoice.voided" : "invoice.paid";
        return engine.refusing(ctx, action, "invoice", id, () -> engine.db().tenant(ctx, tx -> {
            Instant now = engine.now();
            UUID t = ctx.tenant().value();
            BillingInvoiceRecord inv = InvoiceStore.lock(tx, t, id);
            if (!"open".equals(inv.getStatus())) {
                throw new CityOsException(ErrorCode.INVALID_TRANSITION, "invoice '" + inv.getInvoiceNumber()
                        + "' is " + inv.getStatus() + " and cannot become " + to);
            }
            var s = inv.getSubscriptionId() == null ? null
                    : SubscriptionStore.lock(tx, t, new SubscriptionId(inv.getSubscriptionId()));
            if ("paid".equals(to)) {
                engine.markPaid(tx, ctx, inv, s, reference, now);
            } else {
                inv.setStatus("void");
                inv.setClosedAt(odt(now));
                inv.setNextAttemptAt(null);
                InvoiceStore.update(tx, inv, now);
                engine.events().publish(tx, ctx, "invoice.voided", "invoice", id.toString(),
                        Map.of("invoice", id.toString(), "number", inv.getInvoiceNumber()));
                engine.settle(tx, ctx, inv, s, now);
            }
            engine.audit().applied(tx, ctx, action, "invoice", id, Map.of("status", "open"),
                    Map.of("status", to));
            return InvoiceStore.withLines(tx, t, List.of(InvoiceStore.find(tx, t, id).orElseThrow())).get(0);
        }));
    }
}
