package org.cityos.billing.internal;

import static org.cityos.billing.internal.Rows.inst;
import static org.cityos.billing.internal.Rows.odt;
import static org.cityos.billing.internal.Rows.opt;
import static org.cityos.billing.internal.db.Tables.BILLING_INVOICE;
import static org.cityos.billing.internal.db.Tables.BILLING_INVOICE_COUNTER;
import static org.cityos.billing.internal.db.Tables.BILLING_INVOICE_LINE;
import static org.cityos.billing.internal.db.Tables.BILLING_PAYMENT_ATTEMPT;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.InvoiceId;
import org.cityos.billing.PlanId;
import org.cityos.billing.SubscriptionId;
import org.cityos.billing.internal.db.tables.records.BillingInvoiceLineRecord;
import org.cityos.billing.internal.db.tables.records.BillingInvoiceRecord;
import org.cityos.billing.internal.db.tables.records.BillingPaymentAttemptRecord;
import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.invoice.InvoiceKind;
import org.cityos.billing.invoice.InvoiceLine;
import org.cityos.billing.invoice.InvoiceStatus;
import org.cityos.billing.invoice.LineKind;
import org.cityos.billing.invoice.PaymentAttempt;
import org.cityos.billing.invoice.PurchaseOrder;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.PaymentTerms;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.internal.Db;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The SQL of invoices, their lines, the per-tenant number counter and payment attempts. */
public final class InvoiceStore {
    private InvoiceStore() {
    }

    /**
     * Reserves {@code n} invoice numbers for this transaction and returns the first. The counter
     * row stays locked until the transaction ends, so numbers are handed out in commit order,
     * and a rollback gives them back: the sequence has no gaps.
     */
    public static long reserveNumbers(DSLContext tx, UUID tenant, int n) {
        int updated = bump(tx, tenant, n);
        if (updated == 0) {
            tx.insertInto(BILLING_INVOICE_COUNTER, BILLING_INVOICE_COUNTER.TENANT_ID, BILLING_INVOICE_COUNTER.LAST_NUMBER)
                    .values(tenant, 0L).onConflictDoNothing().execute();
            updated = bump(tx, tenant, n);
        }
        if (updated != 1) {
            throw new IllegalStateException("invoice counter of tenant " + tenant + " is missing");
        }
        long last = tx.select(BILLING_INVOICE_COUNTER.LAST_NUMBER).from(BILLING_INVOICE_COUNTER)
                .where(BILLING_INVOICE_COUNTER.TENANT_ID.eq(tenant)).fetchSingle().value1();
        return last - n + 1;
    }

    private static int bump(DSLContext tx, UUID tenant, int n) {
        return tx.update(BILLING_INVOICE_COUNTER)
                .set(BILLING_INVOICE_COUNTER.LAST_NUMBER, BILLING_INVOICE_COUNTER.LAST_NUMBER.plus((long) n))
                .where(BILLING_INVOICE_COUNTER.TENANT_ID.eq(tenant)).execute();
    }

    public static String number(long seq) {
        return String.format("INV-%06d", seq);
    }

    /** Writes invoices (one tenant's) with one JDBC batch. */
    public static void insertInvoices(DSLContext tx, List<BillingInvoiceRecord> rows) {
        insertAll(tx, BILLING_INVOICE, rows);
    }

    /** Writes invoice lines (one tenant's) with one JDBC batch. */
    public static void insertLines(DSLContext tx, List<BillingInvoiceLineRecord> rows) {
        insertAll(tx, BILLING_INVOICE_LINE, rows);
    }

    /** Writes payment attempts (one tenant's) with one JDBC batch. */
    public static void insertAttempts(DSLContext tx, List<BillingPaymentAttemptRecord> rows) {
        insertAll(tx, BILLING_PAYMENT_ATTEMPT, rows);
    }

    private static <R extends org.jooq.TableRecord<R>> void insertAll(DSLContext tx, org.jooq.Table<R> table,
                                                                     List<R> rows) {
        if (!rows.isEmpty()) {
            Db.insertAll(tx, table, (UUID) rows.get(0).get(table.field("tenant_id")), rows);
        }
    }

    public static Optional<BillingInvoiceRecord> find(DSLContext tx, UUID tenant, InvoiceId id) {
        return tx.selectFrom(BILLING_INVOICE).where(BILLING_INVOICE.TENANT_ID.eq(tenant))
                .and(BILLING_INVOICE.ID.eq(id.value())).fetchOptional();
    }

    public static BillingInvoiceRecord lock(DSLContext tx, UUID tenant, InvoiceId id) {
        return tx.selectFrom(BILLING_INVOICE).where(BILLING_INVOICE.TENANT_ID.eq(tenant))
                .and(BILLING_INVOICE.ID.eq(id.value())).forUpdate().fetchOptional()
                .orElseThrow(() -> unknown(id));
    }

    public static CityOsException unknown(InvoiceId id) {
        return new CityOsException(ErrorCode.UNKNOWN_INVOICE, "unknown invoice: '" + id + "'");
    }

    public static void update(DSLContext tx, BillingInvoiceRecord r, Instant now) {
        r.setUpdatedAt(odt(now));
        tx.update(BILLING_INVOICE).set(r)
                .where(BILLING_INVOICE.TENANT_ID.eq(r.getTenantId())).and(BILLING_INVOICE.ID.eq(r.getId()))
                .execute();
        r.changed(false);
    }

    public static List<BillingInvoiceRecord> page(DSLContext tx, UUID tenant, Condition filter, UUID after, int limit) {
        return tx.selectFrom(BILLING_INVOICE).where(BILLING_INVOICE.TENANT_ID.eq(tenant)).and(filter)
                .and(after == null ? DSL.noCondition() : BILLING_INVOICE.ID.gt(after))
                .orderBy(BILLING_INVOICE.ID).limit(limit).fetch();
    }

    /** Open invoices whose next retry has come, locked, skipping those another run holds. */
    public static List<BillingInvoiceRecord> lockRetriesDue(DSLContext tx, UUID tenant, Instant now, int limit) {
        return tx.selectFrom(BILLING_INVOICE)
                .where(BILLING_INVOICE.TENANT_ID.eq(tenant))
                .and(BILLING_INVOICE.NEXT_ATTEMPT_AT.le(odt(now)))
                .and(BILLING_INVOICE.STATUS.eq("open"))
                .orderBy(BILLING_INVOICE.NEXT_ATTEMPT_AT, BILLING_INVOICE.ID)
                .limit(limit)
                .forUpdate().skipLocked()
                .fetch();
    }

    /** Pending attempts whose claim has run out (a crashed run, a retryable answer), locked. */
    public static List<BillingPaymentAttemptRecord> lockStaleAttempts(DSLContext tx, UUID tenant, Instant now,
                                                                      int limit) {
        return tx.selectFrom(BILLING_PAYMENT_ATTEMPT)
                .where(BILLING_PAYMENT_ATTEMPT.TENANT_ID.eq(tenant))
                .and(BILLING_PAYMENT_ATTEMPT.STATUS.eq("pending"))
                .and(BILLING_PAYMENT_ATTEMPT.CLAIMED_UNTIL.le(odt(now)))
                .orderBy(BILLING_PAYMENT_ATTEMPT.CLAIMED_UNTIL, BILLING_PAYMENT_ATTEMPT.INVOICE_ID)
                .limit(limit)
                .forUpdate().skipLocked()
                .fetch();
    }

    public static Map<UUID, BillingInvoiceRecord> findAll(DSLContext tx, UUID tenant, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return tx.selectFrom(BILLING_INVOICE).where(BILLING_INVOICE.TENANT_ID.eq(tenant))
                .and(BILLING_INVOICE.ID.in(ids)).fetchMap(BILLING_INVOICE.ID);
    }

    /** Whether the subscription has open invoices, other than {@code except}, whose collection has failed. */
    public static boolean hasOtherFailedOpen(DSLContext tx, UUID tenant, UUID subscription, UUID except) {
        return tx.fetchExists(DSL.selectOne().from(BILLING_INVOICE)
                .where(BILLING_INVOICE.TENANT_ID.eq(tenant))
                .and(BILLING_INVOICE.SUBSCRIPTION_ID.eq(subscription))
                .and(BILLING_INVOICE.STATUS.eq("open"))
                .and(BILLING_INVOICE.FIRST_FAILED_AT.isNotNull())
                .and(BILLING_INVOICE.ID.ne(except)));
    }

    public static Map<UUID, List<InvoiceLine>> lines(DSLContext tx, UUID tenant, Collection<UUID> invoices) {
        Map<UUID, List<InvoiceLine>> out = new HashMap<>();
        if (invoices.isEmpty()) {
            return out;
        }
        for (BillingInvoiceLineRecord l : tx.selectFrom(BILLING_INVOICE_LINE)
                .where(BILLING_INVOICE_LINE.TENANT_ID.eq(tenant)).and(BILLING_INVOICE_LINE.INVOICE_ID.in(invoices))
                .orderBy(BILLING_INVOICE_LINE.INVOICE_ID, BILLING_INVOICE_LINE.LINE_NO).fetch()) {
            out.computeIfAbsent(l.getInvoiceId(), k -> new ArrayList<>()).add(toLine(l));
        }
        return out;
    }

    public static List<PaymentAttempt> attempts(DSLContext tx, UUID tenant, InvoiceId invoice) {
        return tx.selectFrom(BILLING_PAYMENT_ATTEMPT).where(BILLING_PAYMENT_ATTEMPT.TENANT_ID.eq(tenant))
                .and(BILLING_PAYMENT_ATTEMPT.INVOICE_ID.eq(invoice.value()))
                .orderBy(BILLING_PAYMENT_ATTEMPT.ATTEMPT_NO)
                .fetch(a -> new PaymentAttempt(a.getAttemptNo(), a.getIdempotencyKey(), a.getAmount(), a.getStatus(),
                        Optional.ofNullable(a.getOutcome()), Optional.ofNullable(a.getFailureCode()),
                        Optional.ofNullable(a.getFailureMessage()), Optional.ofNullable(a.getGatewayRef()),
                        inst(a.getCreatedAt()), opt(a.getCompletedAt())));
    }

    public static InvoiceLine toLine(BillingInvoiceLineRecord l) {
        return new InvoiceLine(l.getLineNo(), LineKind.valueOf(l.getKind().toUpperCase(java.util.Locale.ROOT)),
                l.getDescription(), Optional.ofNullable(l.getPlanId()).map(PlanId::new),
                l.getQuantity() == null ? OptionalLong.empty() : OptionalLong.of(l.getQuantity()), l.getAmount());
    }

    public static Invoice toInvoice(BillingInvoiceRecord r, List<InvoiceLine> lines) {
        Optional<PurchaseOrder> po = r.getCompanyId() == null ? Optional.empty()
                : Optional.of(new PurchaseOrder(new CompanyId(r.getCompanyId()), r.getOrderId(),
                        Optional.ofNullable(r.getPoNumber()), PaymentTerms.of(r.getPaymentTerms()), inst(r.getDueAt()),
                        opt(r.getOverdueAt())));
        return new Invoice(new InvoiceId(r.getId()), r.getInvoiceNumber(), new CustomerId(r.getCustomerId()),
                Optional.ofNullable(r.getSubscriptionId()).map(SubscriptionId::new),
                InvoiceKind.valueOf(r.getKind().toUpperCase(java.util.Locale.ROOT)),
                opt(r.getPeriodStart()), inst(r.getServiceStart()), inst(r.getServiceEnd()), r.getCurrency(),
                r.getSubtotal(), r.getCreditApplied(), r.getAmountDue(), InvoiceStatus.of(r.getStatus()),
                inst(r.getIssuedAt()), opt(r.getPaidAt()), r.getAttemptCount(), opt(r.getNextAttemptAt()), po,
                lines == null ? List.of() : lines);
    }

    /** Invoices with their lines, in the order given. */
    public static List<Invoice> withLines(DSLContext tx, UUID tenant, List<BillingInvoiceRecord> rows) {
        Map<UUID, List<InvoiceLine>> lines = lines(tx, tenant, rows.stream().map(BillingInvoiceRecord::getId).toList());
        return rows.stream().map(r -> toInvoice(r, lines.get(r.getId()))).toList();
    }
}
