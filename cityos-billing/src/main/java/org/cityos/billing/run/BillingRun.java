package org.cityos.billing.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.cityos.billing.internal.Engine;
import org.cityos.billing.internal.SubscriptionStore;
import org.cityos.billing.internal.TenantInfo;
import org.cityos.core.CityOsException;
import org.cityos.core.TenantContext;

/**
 * The recurring billing run of one tenant, as a plain service for a scheduled job to call (every
 * few minutes, on any number of nodes): pages through the subscriptions whose next billing time
 * has come, issues one invoice per period start (the unique key on (subscription, period start)
 * and row locks make a second or concurrent run issue nothing twice), collects each through the
 * gateway, and resends attempts a crashed run left pending.
 */
public final class BillingRun {
    /** The default page: subscriptions locked and invoiced per transaction. */
    public static final int DEFAULT_PAGE = 200;
    private final Engine engine;

    public BillingRun(Engine engine) {
        this.engine = engine;
    }

    /** Runs the tenant's due billing in pages of {@value #DEFAULT_PAGE}. */
    public RunReport runDue(TenantContext ctx) {
        return runDue(ctx, DEFAULT_PAGE);
    }

    /**
     * Runs the tenant's due billing as of the clock's time now: each page of {@code pageSize}
     * (1..500) subscriptions is advanced and invoiced in one transaction, then collected, until
     * none is due. A subscription late by several periods gets one invoice per period.
     */
    public RunReport runDue(TenantContext ctx, int pageSize) {
        checkPage(pageSize);
        TenantInfo info = engine.tenant(ctx);
        Instant now = engine.now();
        RunReport report = recoverStale(engine, ctx, info, now, pageSize);
        // passes in (next billing time, id) order; a subscription advanced to a period that is
        // still due lands behind the cursor, so a pass that found something is followed by another
        SubscriptionStore.Cursor cursor = null;
        boolean found = false;
        while (true) {
            SubscriptionStore.Cursor after = cursor;
            Map.Entry<Engine.DuePage, Engine.Tally> page = engine.retrying(ctx, tx -> {
                Engine.Tally t = new Engine.Tally();
                return java.util.Optional.ofNullable(engine.billDuePage(tx, ctx, info, now, pageSize, after, t))
                        .map(p -> Map.entry(p, t)).orElse(null);
            });
            if (page == null) {
                if (!found) {
                    return report;
                }
                cursor = null;
                found = false;
                continue;
            }
            found = true;
            cursor = page.getKey().cursor();
            engine.collect(ctx, info, page.getKey().charges(), page.getValue());
            report = report.plus(page.getValue().report());
        }
    }

    /** Resends attempts left pending past their claim; shared with {@link Dunning}. */
    static RunReport recoverStale(Engine engine, TenantContext ctx, TenantInfo info, Instant now, int pageSize) {
        RunReport report = RunReport.EMPTY;
        if (!engine.hasGateway()) {
            return report;
        }
        while (true) {
            List<Engine.PendingCharge> stale = engine.retrying(ctx, tx ->
                    engine.claimStalePage(tx, ctx, info, now, pageSize));
            if (stale == null) {
                return report;
            }
            Engine.Tally t = new Engine.Tally();
            engine.collect(ctx, info, stale, t);
            report = report.plus(t.report());
        }
    }

    static void checkPage(int pageSize) {
        if (pageSize < 1 || pageSize > 500) {
            throw CityOsException.invalid("page size", pageSize, "must be between 1 and 500");
        }
    }
}
