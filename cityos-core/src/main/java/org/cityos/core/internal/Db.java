package org.cityos.core.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.cityos.core.CityOsException;
import org.cityos.core.TenantContext;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;

/**
 * The library's handle on the database (internal, shared by the modules): a jOOQ context, the
 * clock and the dialect, and the two ways to run work: {@link #tenant} (in a transaction, with
 * the tenant guard bound to the context's tenant and, on PostgreSQL, the row-level security
 * setting made transaction-local) and {@link #platform} (no tenant; tenant tables refused).
 * When the context already runs in a transaction (a host's, or {@code CityOs.transaction}),
 * the work joins it.
 */
public final class Db {
    public static final String TENANT_SETTING = "cityos.tenant_id";

    private final DSLContext dsl;
    private final Clock clock;
    private final Dialect dialect;
    private final TenantGuard.TenantTables tenantTables;
    private final boolean guard;

    public Db(DSLContext dsl, Clock clock, Dialect dialect, TenantGuard.TenantTables tenantTables, boolean guard) {
        this.dsl = Objects.requireNonNull(dsl);
        this.clock = Objects.requireNonNull(clock);
        this.dialect = Objects.requireNonNull(dialect);
        this.tenantTables = Objects.requireNonNull(tenantTables);
        this.guard = guard;
    }

    public DSLContext dsl() {
        return dsl;
    }

    public Clock clock() {
        return clock;
    }

    public Dialect dialect() {
        return dialect;
    }

    public boolean postgres() {
        return dialect == Dialect.POSTGRES;
    }

    public boolean guardEnabled() {
        return guard;
    }

    public TenantGuard.TenantTables tenantTables() {
        return tenantTables;
    }

    /** The same database on another context (a transaction's), keeping clock and guard. */
    public Db with(DSLContext other) {
        return new Db(other, clock, dialect, tenantTables, guard);
    }

    /** Runs {@code work} in a transaction scoped to {@code ctx}'s tenant. */
    public <T> T tenant(TenantContext ctx, Function<DSLContext, T> work) {
        Objects.requireNonNull(ctx, "tenant context");
        return run(() -> dsl.transactionResult(cfg -> {
            DSLContext scoped = DSL.using(scope(cfg, ctx));
            if (postgres()) {
                scoped.select(DSL.field("set_config({0}, {1}, true)", String.class,
                        DSL.inline(TENANT_SETTING), DSL.val(ctx.tenant().value().toString()))).fetch();
            }
            return work.apply(scoped);
        }));
    }

    /** Runs {@code work} in a transaction with no tenant bound (platform tables only). */
    public <T> T platform(Function<DSLContext, T> work) {
        return run(() -> dsl.transactionResult(cfg -> work.apply(DSL.using(cfg))));
    }

    private Configuration scope(Configuration cfg, TenantContext ctx) {
        List<ExecuteListenerProvider> providers = new ArrayList<>();
        for (ExecuteListenerProvider p : cfg.executeListenerProviders()) {
            if (!(p instanceof DefaultExecuteListenerProvider d && d.provide() instanceof TenantGuard)) {
                providers.add(p);
            }
        }
        if (guard) {
            providers.add(new DefaultExecuteListenerProvider(new TenantGuard(tenantTables, ctx.tenant().value())));
        }
        return cfg.derive(providers.toArray(ExecuteListenerProvider[]::new));
    }

    /** A configuration's listener list with the platform guard (no tenant) added. */
    public static Configuration guarded(Configuration cfg, TenantGuard.TenantTables tables) {
        List<ExecuteListenerProvider> providers = new ArrayList<>(List.of(cfg.executeListenerProviders()));
        providers.add(new DefaultExecuteListenerProvider(new TenantGuard(tables, null)));
        return cfg.derive(providers.toArray(ExecuteListenerProvider[]::new));
    }

    /** Unwraps our own exceptions that jOOQ wrapped on the way out of a transaction or listener. */
    public static <T> T run(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            Throwable t = e;
            while (t != null) {
                if (t instanceof CityOsException c) {
                    throw c;
                }
                t = t.getCause();
            }
            throw e;
        }
    }
}
