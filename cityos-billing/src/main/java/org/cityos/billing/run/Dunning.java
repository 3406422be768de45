package org.cityos.billing.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.cityos.billing.internal.Engine;
import org.cityos.billing.internal.TenantInfo;
import org.cityos.core.TenantContext;

/**
 * The dunning run of one tenant, as a plain service for a scheduled job to call: retries each
 * open invoice whose failed collection is due again on the tenant's schedule (tenant settings
 * {@code billing.dunning.retry_days}, default 1,3,7 days after the first failure, and
 * {@code billing.dunning.on_exhausted}, {@code unpaid} or {@code canceled}).
 */
public final class Dunning {
    private final Engine engine;

    public Dunning(Engine engine) {
        this.engine = engine;
    }

    /** Runs the tenant's due retries in pages of {@value BillingRun#DEFAULT_PAGE}. */
    public RunReport runDue(TenantContext ctx) {
        return runDue(ctx, BillingRun.DEFAULT_PAGE);
    }

    /** Runs the tenant's due retries as of now, {@code pageSize} (1..500) invoices per transaction. */
    public RunReport runDue(TenantContext ctx, int pageSize) {
        BillingRun.checkPage(pageSize);
        TenantInfo info = engine.tenant(ctx);
        Instant now = engine.now();
        RunReport report = BillingRun.recoverStale(engine, ctx, info, now, pageSize);
        if (!engine.hasGateway()) {
            return report;
        }
        while (true) {
            Map.Entry<List<Engine.PendingCharge>, Engine.Tally> page = engine.retrying(ctx, tx -> {
                Engine.Tally t = new Engine.Tally();
                return java.util.Optional.ofNullable(engine.claimRetriesPage(tx, ctx, info, now, pageSize, t))
                        .map(c -> Map.entry(c, t)).orElse(null);
            });
            if (page == null) {
                return report;
            }
            engine.collect(ctx, info, page.getKey(), page.getValue());
            report = report.plus(page.getValue().report());
        }
    }
}
