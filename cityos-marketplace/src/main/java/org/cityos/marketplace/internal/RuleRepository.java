package org.cityos.marketplace.internal;

import static org.cityos.marketplace.internal.db.Tables.MKT_COMMISSION_RULE;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.cityos.core.TenantContext;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.internal.db.tables.records.MktCommissionRuleRecord;
import org.cityos.marketplace.rules.CommissionRule;
import org.cityos.marketplace.rules.CommissionTerms;
import org.jooq.DSLContext;

/** The SQL of a tenant's commission rule set (internal). */
public final class RuleRepository {
    private RuleRepository() {
    }

    /** The current rule set in its given order. */
    public static List<CommissionRule> load(DSLContext tx, TenantContext ctx) {
        return tx.selectFrom(MKT_COMMISSION_RULE).where(MKT_COMMISSION_RULE.TENANT_ID.eq(ctx.tenant().value()))
                .orderBy(MKT_COMMISSION_RULE.SEQ_NO).fetch(RuleRepository::map);
    }

    /** Replaces the set; the caller's transaction makes it all or nothing. */
    public static void replace(DSLContext tx, TenantContext ctx, List<CommissionRule> rules, OffsetDateTime now) {
        tx.deleteFrom(MKT_COMMISSION_RULE).where(MKT_COMMISSION_RULE.TENANT_ID.eq(ctx.tenant().value())).execute();
        int seq = 0;
        for (CommissionRule r : rules) {
            CommissionTerms t = r.terms();
            tx.insertInto(MKT_COMMISSION_RULE)
                    .set(MKT_COMMISSION_RULE.TENANT_ID, ctx.tenant().value())
                    .set(MKT_COMMISSION_RULE.SEQ_NO, ++seq)
                    .set(MKT_COMMISSION_RULE.IS_DEFAULT, r.tenantDefault())
                    .set(MKT_COMMISSION_RULE.VENDOR_ID, r.vendor().map(VendorId::value).orElse(null))
                    .set(MKT_COMMISSION_RULE.CATEGORY, r.category().orElse(null))
                    .set(MKT_COMMISSION_RULE.PRODUCT_ID, r.product().orElse(null))
                    .set(MKT_COMMISSION_RULE.RATE_BPS, t.rateBps())
                    .set(MKT_COMMISSION_RULE.FLAT_FEE, t.flat())
                    .set(MKT_COMMISSION_RULE.MIN_FEE, t.min().isPresent() ? t.min().getAsLong() : null)
                    .set(MKT_COMMISSION_RULE.MAX_FEE, t.max().isPresent() ? t.max().getAsLong() : null)
                    .set(MKT_COMMISSION_RULE.CREATED_AT, now)
                    .execute();
        }
    }

    private static CommissionRule map(MktCommissionRuleRecord r) {
        CommissionTerms terms = new CommissionTerms(r.getRateBps(), r.getFlatFee(), optional(r.getMinFee()),
                optional(r.getMaxFee()));
        return new CommissionRule(Optional.ofNullable(r.getVendorId()).map(VendorId::new),
                Optional.ofNullable(r.getCategory()), Optional.ofNullable(r.getProductId()), r.getIsDefault(), terms);
    }

    static OptionalLong optional(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
