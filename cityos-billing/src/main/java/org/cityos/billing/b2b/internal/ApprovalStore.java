package org.cityos.billing.b2b.internal;

import static org.cityos.billing.internal.Rows.inst;
import static org.cityos.billing.internal.Rows.odt;
import static org.cityos.billing.internal.Rows.opt;
import static org.cityos.billing.internal.db.Tables.B2B_APPROVAL;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.InvoiceId;
import org.cityos.billing.b2b.ApprovalId;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.QuoteId;
import org.cityos.billing.b2b.approval.ApprovalReason;
import org.cityos.billing.b2b.approval.ApprovalRequest;
import org.cityos.billing.b2b.approval.ApprovalStatus;
import org.cityos.billing.internal.db.tables.records.B2bApprovalRecord;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The SQL of approval requests (internal). */
public final class ApprovalStore {
    private ApprovalStore() {
    }

    public static CityOsException unknown(ApprovalId id) {
        return new CityOsException(ErrorCode.UNKNOWN_APPROVAL, "unknown approval request: '" + id + "'");
    }

    public static Optional<B2bApprovalRecord> find(DSLContext tx, UUID tenant, ApprovalId id) {
        return tx.selectFrom(B2B_APPROVAL).where(B2B_APPROVAL.TENANT_ID.eq(tenant))
                .and(B2B_APPROVAL.ID.eq(id.value())).fetchOptional();
    }

    public static B2bApprovalRecord lock(DSLContext tx, UUID tenant, ApprovalId id) {
        return tx.selectFrom(B2B_APPROVAL).where(B2B_APPROVAL.TENANT_ID.eq(tenant))
                .and(B2B_APPROVAL.ID.eq(id.value())).forUpdate().fetchOptional().orElseThrow(() -> unknown(id));
    }

    /** Whether a request already holds this order id (the order it will be placed under). */
    public static boolean orderTaken(DSLContext tx, UUID tenant, String orderId) {
        return tx.fetchExists(B2B_APPROVAL, B2B_APPROVAL.TENANT_ID.eq(tenant).and(B2B_APPROVAL.ORDER_ID.eq(orderId)));
    }

    public static void insert(DSLContext tx, B2bApprovalRecord r) {
        tx.insertInto(B2B_APPROVAL).set(r).execute();
    }

    public static void update(DSLContext tx, B2bApprovalRecord r, Instant now) {
        r.setUpdatedAt(odt(now));
        tx.update(B2B_APPROVAL).set(r).where(B2B_APPROVAL.TENANT_ID.eq(r.getTenantId()))
                .and(B2B_APPROVAL.ID.eq(r.getId())).execute();
        r.changed(false);
    }

    public static List<B2bApprovalRecord> page(DSLContext tx, UUID tenant, CompanyId company,
                                               Optional<ApprovalStatus> status, UUID after, int limit) {
        return tx.selectFrom(B2B_APPROVAL).where(B2B_APPROVAL.TENANT_ID.eq(tenant))
                .and(B2B_APPROVAL.COMPANY_ID.eq(company.value()))
                .and(status.map(s -> B2B_APPROVAL.STATUS.eq(s.code())).orElse(DSL.noCondition()))
                .and(after == null ? DSL.noCondition() : B2B_APPROVAL.ID.gt(after))
                .orderBy(B2B_APPROVAL.ID).limit(limit).fetch();
    }

    public static ApprovalRequest toRequest(B2bApprovalRecord r) {
        return new ApprovalRequest(new ApprovalId(r.getId()), new CompanyId(r.getCompanyId()),
                new CustomerId(r.getRequester()), ApprovalStatus.of(r.getStatus()), ApprovalReason.of(r.getReason()),
                OrderCodec.read(r.getOrderBody()), r.getTotal(), r.getCurrency(), r.getOnTerms(),
                Optional.ofNullable(r.getPoNumber()), Optional.ofNullable(r.getQuoteId()).map(QuoteId::new),
                Optional.ofNullable(r.getDecidedBy()).map(CustomerId::new), opt(r.getDecidedAt()),
                Optional.ofNullable(r.getNote()), opt(r.getPlacedAt()),
                Optional.ofNullable(r.getInvoiceId()).map(InvoiceId::new), inst(r.getCreatedAt()));
    }
}
