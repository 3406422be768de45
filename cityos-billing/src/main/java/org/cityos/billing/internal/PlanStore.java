package org.cityos.billing.internal;

import static org.cityos.billing.internal.Rows.odt;
import static org.cityos.billing.internal.db.Tables.BILLING_PLAN;
import static org.cityos.billing.internal.db.Tables.BILLING_PLAN_TIER;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.cityos.billing.PlanId;
import org.cityos.billing.internal.db.tables.records.BillingPlanRecord;
import org.cityos.billing.internal.db.tables.records.BillingPlanTierRecord;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.plan.PlanStatus;
import org.cityos.billing.rules.Interval;
import org.cityos.billing.rules.Pricing;
import org.cityos.billing.rules.Tier;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The SQL of plans and their tiers. */
public final class PlanStore {
    private PlanStore() {
    }

    public static void insert(DSLContext tx, UUID tenant, Plan p, Instant now) {
        tx.insertInto(BILLING_PLAN)
                .set(BILLING_PLAN.TENANT_ID, tenant)
                .set(BILLING_PLAN.ID, p.id().value())
                .set(BILLING_PLAN.CODE, p.code())
                .set(BILLING_PLAN.NAME, p.name())
                .set(BILLING_PLAN.CURRENCY, p.currency())
                .set(BILLING_PLAN.BILLING_INTERVAL, p.interval().code())
                .set(BILLING_PLAN.INTERVAL_COUNT, p.intervalCount())
                .set(BILLING_PLAN.TRIAL_DAYS, p.trialDays())
                .set(BILLING_PLAN.PRICING_MODEL, p.pricing().model())
                .set(BILLING_PLAN.UNIT_AMOUNT, p.pricing() instanceof Pricing.Flat f ? f.unitAmount() : null)
                .set(BILLING_PLAN.STATUS, "active")
                .set(BILLING_PLAN.CREATED_AT, odt(now))
                .set(BILLING_PLAN.UPDATED_AT, odt(now))
                .execute();
        List<Tier> tiers = tiers(p.pricing());
        if (!tiers.isEmpty()) {
            var insert = tx.insertInto(BILLING_PLAN_TIER, BILLING_PLAN_TIER.TENANT_ID, BILLING_PLAN_TIER.PLAN_ID,
                    BILLING_PLAN_TIER.TIER_INDEX, BILLING_PLAN_TIER.UP_TO, BILLING_PLAN_TIER.UNIT_AMOUNT,
                    BILLING_PLAN_TIER.FLAT_AMOUNT);
            for (int i = 0; i < tiers.size(); i++) {
                Tier t = tiers.get(i);
                insert = insert.values(tenant, p.id().value(), i,
                        t.upTo().isPresent() ? t.upTo().getAsLong() : null, t.unitAmount(), t.flatAmount());
            }
            insert.execute();
        }
    }

    public static boolean codeTaken(DSLContext tx, UUID tenant, String code) {
        return tx.fetchExists(DSL.selectOne().from(BILLING_PLAN)
                .where(BILLING_PLAN.TENANT_ID.eq(tenant)).and(BILLING_PLAN.CODE.eq(code)));
    }

    public static Optional<Plan> find(DSLContext tx, UUID tenant, PlanId id) {
        return Optional.ofNullable(findAll(tx, tenant, List.of(id.value())).get(id.value()));
    }

    public static Plan require(DSLContext tx, UUID tenant, PlanId id) {
        return find(tx, tenant, id).orElseThrow(() -> unknown(id));
    }

    public static CityOsException unknown(PlanId id) {
        return new CityOsException(ErrorCode.UNKNOWN_PLAN, "unknown plan: '" + id + "'");
    }

    /** The plans with these ids, by id; missing ids are absent. */
    public static Map<UUID, Plan> findAll(DSLContext tx, UUID tenant, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<BillingPlanRecord> plans = tx.selectFrom(BILLING_PLAN)
                .where(BILLING_PLAN.TENANT_ID.eq(tenant)).and(BILLING_PLAN.ID.in(ids)).fetch();
        return withTiers(tx, tenant, plans);
    }

    public static List<Plan> page(DSLContext tx, UUID tenant, boolean includeArchived, UUID after, int limit) {
        List<BillingPlanRecord> plans = tx.selectFrom(BILLING_PLAN)
                .where(BILLING_PLAN.TENANT_ID.eq(tenant))
                .and(includeArchived ? DSL.noCondition() : BILLING_PLAN.STATUS.eq("active"))
                .and(after == null ? DSL.noCondition() : BILLING_PLAN.ID.gt(after))
                .orderBy(BILLING_PLAN.ID).limit(limit).fetch();
        Map<UUID, Plan> byId = withTiers(tx, tenant, plans);
        return plans.stream().map(r -> byId.get(r.getId())).toList();
    }

    public static int archive(DSLContext tx, UUID tenant, PlanId id, Instant now) {
        return tx.update(BILLING_PLAN).set(BILLING_PLAN.STATUS, "archived").set(BILLING_PLAN.UPDATED_AT, odt(now))
                .where(BILLING_PLAN.TENANT_ID.eq(tenant)).and(BILLING_PLAN.ID.eq(id.value())).execute();
    }

    public static List<Tier> tiers(Pricing pricing) {
        if (pricing instanceof Pricing.Volume v) {
            return v.tiers();
        }
        if (pricing instanceof Pricing.Graduated g) {
            return g.tiers();
        }
        return List.of();
    }

    private static Map<UUID, Plan> withTiers(DSLContext tx, UUID tenant, List<BillingPlanRecord> plans) {
        List<UUID> tiered = plans.stream().filter(p -> !"flat".equals(p.getPricingModel()))
                .map(BillingPlanRecord::getId).toList();
        Map<UUID, List<Tier>> tiers = new HashMap<>();
        if (!tiered.isEmpty()) {
            for (BillingPlanTierRecord t : tx.selectFrom(BILLING_PLAN_TIER)
                    .where(BILLING_PLAN_TIER.TENANT_ID.eq(tenant)).and(BILLING_PLAN_TIER.PLAN_ID.in(tiered))
                    .orderBy(BILLING_PLAN_TIER.PLAN_ID, BILLING_PLAN_TIER.TIER_INDEX).fetch()) {
                tiers.computeIfAbsent(t.getPlanId(), k -> new ArrayList<>()).add(new Tier(
                        t.getUpTo() == null ? OptionalLong.empty() : OptionalLong.of(t.getUpTo()),
                        t.getUnitAmount(), t.getFlatAmount()));
            }
        }
        Map<UUID, Plan> out = new HashMap<>();
        for (BillingPlanRecord r : plans) {
            Pricing pricing = switch (r.getPricingModel()) {
                case "flat" -> Pricing.flat(r.getUnitAmount());
                case "volume" -> Pricing.volume(tiers.get(r.getId()));
                case "graduated" -> Pricing.graduated(tiers.get(r.getId()));
                default -> throw new IllegalStateException("unknown pricing model " + r.getPricingModel());
            };
            out.put(r.getId(), new Plan(new PlanId(r.getId()), r.getCode(), r.getName(), r.getCurrency(),
                    Interval.parse(r.getBillingInterval()), r.getIntervalCount(), r.getTrialDays(), pricing,
                    "archived".equals(r.getStatus()) ? PlanStatus.ARCHIVED : PlanStatus.ACTIVE,
                    Rows.inst(r.getCreatedAt())));
        }
        return out;
    }
}
