package org.cityos.billing.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.billing.PlanId;
import org.cityos.billing.internal.Engine;
import org.cityos.billing.internal.PlanStore;
import org.cityos.billing.internal.TenantInfo;
import org.cityos.core.CityOsException;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;

/** A tenant's plans: create (currency is the tenant's), read, list, archive. */
public final class Plans {
    private final Engine engine;

    public Plans(Engine engine) {
        this.engine = engine;
    }

    /** Creates a plan; {@code conflict} when its code is taken. */
    public Plan create(TenantContext ctx, NewPlan p) {
        return engine.refusing(ctx, "plan.created", "plan", p.code(), () -> {
            TenantInfo info = engine.tenant(ctx);
            return engine.db().tenant(ctx, tx -> {
                if (PlanStore.codeTaken(tx, info.uuid(), p.code())) {
                    throw CityOsException.conflict("plan code '" + p.code() + "' is taken");
                }
                var now = engine.now();
                Plan plan = new Plan(new PlanId(Ids.next(engine.db().clock())), p.code(), p.name(), info.currency(),
                        p.interval(), p.intervalCount(), p.trialDays(), p.pricing(), PlanStatus.ACTIVE, now);
                PlanStore.insert(tx, info.uuid(), plan, now);
                engine.events().publish(tx, ctx, "plan.created", "plan", plan.id().toString(),
                        Map.of("plan", plan.id().toString(), "code", plan.code()));
                engine.audit().applied(tx, ctx, "plan.created", "plan", plan.id(), null, plan);
                return plan;
            });
        });
    }

    public Optional<Plan> get(TenantContext ctx, PlanId id) {
        return engine.db().tenant(ctx, tx -> PlanStore.find(tx, ctx.tenant().value(), id));
    }

    /** The plan; {@code unknown_plan} when the tenant has none with this id. */
    public Plan require(TenantContext ctx, PlanId id) {
        return get(ctx, id).orElseThrow(() -> PlanStore.unknown(id));
    }

    /** The tenant's plans in creation order, active ones only unless {@code includeArchived}. */
    public Page<Plan> list(TenantContext ctx, PageRequest page, boolean includeArchived) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<Plan> rows = engine.db().tenant(ctx, tx ->
                PlanStore.page(tx, ctx.tenant().value(), includeArchived, after, page.limit() + 1));
        return Page.of(rows, page.limit(), x -> x.id().toString());
    }

    /** Archives a plan: it takes no new subscriptions, and those it has go on as they are. */
    public Plan archive(TenantContext ctx, PlanId id) {
        return engine.refusing(ctx, "plan.archived", "plan", id, () -> engine.db().tenant(ctx, tx -> {
            Plan before = PlanStore.require(tx, ctx.tenant().value(), id);
            if (before.status() == PlanStatus.ARCHIVED) {
                return before;
            }
            PlanStore.archive(tx, ctx.tenant().value(), id, engine.now());
            Plan after = PlanStore.require(tx, ctx.tenant().value(), id);
            engine.events().publish(tx, ctx, "plan.archived", "plan", id.toString(), Map.of("plan", id.toString()));
            engine.audit().applied(tx, ctx, "plan.archived", "plan", id, Map.of("status", "active"),
                    Map.of("status", "archived"));
            return after;
        }));
    }
}
