package org.cityos.billing.b2b.purchase;

import static org.cityos.billing.internal.Rows.odt;
import static org.cityos.billing.internal.db.Tables.BILLING_INVOICE;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.internal.B2bEngine;
import org.cityos.billing.b2b.internal.CompanyStore;
import org.cityos.billing.b2b.internal.Purchasing;
import org.cityos.billing.internal.InvoiceStore;
import org.cityos.billing.internal.TenantInfo;
import org.cityos.billing.internal.db.tables.records.B2bCompanyRecord;
import org.cityos.billing.internal.db.tables.records.BillingInvoiceRecord;
import org.cityos.billing.invoice.Invoice;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Validate;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Purchases of a company's employees: an order within the buyer's spending limit (and with no
 * company-wide approval) is placed through the marketplace at once, one above it waits as an
 * approval request; an order on terms is checked against the company's credit and invoiced, due
 * after its payment terms. Also the company's credit status, its purchase-order invoices, and the
 * overdue sweep.
 */
public final class Purchases {
    private static final int SWEEP_PAGE = 200;
    private final B2bEngine engine;
    private final Purchasing purchasing;

    /** For {@code B2b}; hosts get this service from {@code B2b.purchases()}. */
    public Purchases(B2bEngine engine, Purchasing purchasing) {
        this.engine = engine;
        this.purchasing = purchasing;
    }

    /**
     * Submits an order of {@code buyer}, who must work for a company as a buyer or admin; all or nothing.
     *
     * @throws org.cityos.core.CityOsException {@code forbidden} for a customer who is no such
     *         employee; the marketplace's order errors in its precedence ({@code duplicate_order},
     *         {@code invalid_amount}, {@code unknown_product}, {@code vendor_not_active}, ...);
     *         {@code credit_limit_exceeded} on terms
     */
    public Purchase submit(TenantContext ctx, CustomerId buyer, PurchaseRequest request) {
        Validate.required("buyer", buyer);
        Validate.required("request", request);
        return engine.write(ctx, "purchase.submitted", "order", request.order().orderId(), tx -> {
            TenantInfo info = engine.tenant(ctx);
            var employee = purchasing.buyer(tx, ctx, buyer, "buy for a company");
            return purchasing.submit(tx, ctx, info, employee, request.order(), request.onTerms(),
                    request.poNumber(), Optional.empty());
        });
    }

    /** The company's credit now; {@code unknown_company}. */
    public CreditStatus credit(TenantContext ctx, CompanyId company) {
        TenantInfo info = engine.tenant(ctx);
        return engine.read(ctx, tx -> {
            UUID t = ctx.tenant().value();
            B2bCompanyRecord c = CompanyStore.require(tx, t, company);
            long open = Purchasing.outstanding(tx, t, company.value());
            var overdue = tx.select(DSL.sum(BILLING_INVOICE.AMOUNT_DUE), DSL.count()).from(BILLING_INVOICE)
                    .where(openOf(t, company)).and(BILLING_INVOICE.DUE_AT.lt(odt(engine.now()))).fetchOne();
            BigDecimal overdueSum = overdue.value1();
            return new CreditStatus(company, info.currency(), c.getCreditLimit(), open,
                    Math.max(0, c.getCreditLimit() - open), overdueSum == null ? 0 : overdueSum.longValueExact(),
                    overdue.value2());
        });
    }

    /** The company's purchase-order invoices in issue order, all statuses; {@code unknown_company}. */
    public Page<Invoice> invoices(TenantContext ctx, CompanyId company, PageRequest page) {
        return invoicePage(ctx, company, BILLING_INVOICE.COMPANY_ID.eq(company.value()), page);
    }

    /** The tenant's open purchase-order invoices past their due date now, in issue order. */
    public Page<Invoice> overdue(TenantContext ctx, PageRequest page) {
        return invoicePage(ctx, null, BILLING_INVOICE.COMPANY_ID.isNotNull().and(BILLING_INVOICE.STATUS.eq("open"))
                .and(BILLING_INVOICE.DUE_AT.lt(odt(engine.now()))), page);
    }

    /**
     * The overdue sweep, for a scheduled job: marks each open purchase-order invoice past its due
     * date once ({@code overdueAt}) and publishes {@code invoice.overdue} for it. Returns how many it marked.
     */
    public int markOverdue(TenantContext ctx) {
        engine.tenant(ctx);
        int marked = 0;
        while (true) {
            int n = engine.billing().retrying(ctx, tx -> {
                UUID t = ctx.tenant().value();
                Instant now = engine.now();
                List<BillingInvoiceRecord> due = tx.selectFrom(BILLING_INVOICE)
                        .where(BILLING_INVOICE.TENANT_ID.eq(t)).and(BILLING_INVOICE.STATUS.eq("open"))
                        .and(BILLING_INVOICE.DUE_AT.lt(odt(now))).and(BILLING_INVOICE.OVERDUE_AT.isNull())
                        .orderBy(BILLING_INVOICE.DUE_AT, BILLING_INVOICE.ID).limit(SWEEP_PAGE)
                        .forUpdate().skipLocked().fetch();
                for (BillingInvoiceRecord r : due) {
                    r.setOverdueAt(odt(now));
                    InvoiceStore.update(tx, r, now);
                    engine.publish(tx, ctx, "invoice.overdue", "invoice", r.getId(), Map.of("invoice",
                            r.getId().toString(), "number", r.getInvoiceNumber(), "company",
                            r.getCompanyId().toString(), "amount_due", r.getAmountDue(), "due_at",
                            r.getDueAt().toInstant().toString()));
                }
                return due.size();
            });
            marked += n;
            if (n < SWEEP_PAGE) {
                return marked;
            }
        }
    }

    private static Condition openOf(UUID tenant, CompanyId company) {
        return BILLING_INVOICE.TENANT_ID.eq(tenant).and(BILLING_INVOICE.COMPANY_ID.eq(company.value()))
                .and(BILLING_INVOICE.STATUS.eq("open"));
    }

    private Page<Invoice> invoicePage(TenantContext ctx, CompanyId company, Condition filter, PageRequest page) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<Invoice> rows = engine.read(ctx, tx -> {
            UUID t = ctx.tenant().value();
            if (company != null) {
                CompanyStore.require(tx, t, company);
            }
            return InvoiceStore.withLines(tx, t, InvoiceStore.page(tx, t, filter, after, page.limit() + 1));
        });
        return Page.of(rows, page.limit(), i -> i.id().toString());
    }
}
