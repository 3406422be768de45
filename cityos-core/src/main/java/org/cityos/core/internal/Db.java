package org.cityos.core.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import org.cityos.core.CityOsException;
import org.cityos.core.TenantContext;
import org.jooq.BatchBindStep;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteListenerProvider;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's handle on the database (internal, shared by the modules): a jOOQ context, the
 * clock and the dialect, and the two ways to run work: {@link #tenant} (in a transaction, with
 * the tenant guard bound to the context's tenant and, on PostgreSQL, the row-level security
 * setting made transaction-local) and {@link #platform} (no tenant; tenant tables refused).
 * When the context already runs in a transaction (a host's, or {@code CityOs.transaction}),
 * the work joins it. Work registered with {@link #afterCommit} runs once the change is committed.
 */
public final class Db {
    public static final String TENANT_SETTING = "cityos.tenant_id";
    /** The rows of one statement of {@link #insertAll}. */
    public static final int ROWS_PER_INSERT = 50;
    private static final String TENANT_COLUMN = "tenant_id";
    private static final Logger LOG = LoggerFactory.getLogger(Db.class);

    private final DSLContext dsl;
    private final Clock clock;
    private final Dialect dialect;
    private final TenantGuard.TenantTables tenantTables;
    private final boolean guard;
    // null outside CityOs.transaction: each unit of work commits on its own, so work runs at once
    private final List<Runnable> afterCommit;

    public Db(DSLContext dsl, Clock clock, Dialect dialect, TenantGuard.TenantTables tenantTables, boolean guard) {
        this(dsl, clock, dialect, tenantTables, guard, null);
    }

    private Db(DSLContext dsl, Clock clock, Dialect dialect, TenantGuard.TenantTables tenantTables, boolean guard,
               List<Runnable> afterCommit) {
        this.dsl = Objects.requireNonNull(dsl);
        this.clock = Objects.requireNonNull(clock);
        this.dialect = Objects.requireNonNull(dialect);
        this.tenantTables = Objects.requireNonNull(tenantTables);
        this.guard = guard;
        this.afterCommit = afterCommit;
    }

    public DSLContext dsl() {
        return dsl;
    }

    public Clock clock() {
        return clock;
    }

    /** The clock's current instant as a UTC timestamp, the form every table stores. */
    public java.time.OffsetDateTime now() {
        return java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
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

    /** The same database on another context (a transaction's), keeping clock, guard and after-commit queue. */
    public Db with(DSLContext other) {
        return new Db(other, clock, dialect, tenantTables, guard, afterCommit);
    }

    /**
     * The same database on the context of a transaction that the caller commits: work given to
     * {@link #afterCommit} waits in {@code queue} for the caller to run after the commit, or, when
     * this handle is itself inside such a transaction, in the enclosing transaction's queue.
     */
    public Db inTransaction(DSLContext tx, List<Runnable> queue) {
        return new Db(tx, clock, dialect, tenantTables, guard, afterCommit != null ? afterCommit : queue);
    }

    /**
     * Runs {@code work} once the current change is committed: after the commit inside a
     * {@code CityOs.transaction} (never if it rolls back), at once otherwise, which is after the
     * commit unless the host's own transaction (through {@code dsl(...)}) is still open. A failure
     * of {@code work} is logged, not thrown: the change it follows is already committed.
     */
    public void afterCommit(Runnable work) {
        Runnable guarded = () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("after-commit work failed: {}", e.toString());
            }
        };
        if (afterCommit == null) {
            guarded.run();
        } else {
            afterCommit.add(guarded);
        }
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

    /**
     * Runs {@code work} in a transaction with no tenant bound and without the tenant guard: only
     * for the operations snapshot's platform-wide aggregates (counts and oldest timestamps, never
     * rows). On PostgreSQL row-level security still binds the application role, so tenant tables
     * are counted there through the modules' {@code SECURITY DEFINER} functions.
     */
    public <T> T unguarded(Function<DSLContext, T> work) {
        return run(() -> dsl.transactionResult(cfg -> work.apply(DSL.using(withoutGuard(cfg)))));
    }

    private static List<ExecuteListenerProvider> listenersWithoutGuard(Configuration cfg) {
        List<ExecuteListenerProvider> providers = new ArrayList<>();
        for (ExecuteListenerProvider p : cfg.executeListenerProviders()) {
            if (!(p instanceof DefaultExecuteListenerProvider d && d.provide() instanceof TenantGuard)) {
                providers.add(p);
            }
        }
        return providers;
    }

    private static Configuration withoutGuard(Configuration cfg) {
        return cfg.derive(listenersWithoutGuard(cfg).toArray(ExecuteListenerProvider[]::new));
    }

    private Configuration scope(Configuration cfg, TenantContext ctx) {
        List<ExecuteListenerProvider> providers = listenersWithoutGuard(cfg);
        if (guard) {
            providers.add(new DefaultExecuteListenerProvider(new TenantGuard(tenantTables, ctx.tenant().value())));
        }
        return cfg.derive(providers.toArray(ExecuteListenerProvider[]::new));
    }

    /**
     * Inserts {@code rows} into one tenant's table in the caller's transaction {@code tx}, as
     * multi-row inserts of {@value #ROWS_PER_INSERT} rows executed as one JDBC batch (and one
     * statement for the rest): each statement shape is rendered, and checked by the tenant guard,
     * once with {@code tenant} as a literal, then bound with the rows' other values. Every column
     * of the table is written (a value a record leaves unset is written NULL, not the column
     * default). For many rows this costs the application a fraction of one multi-row insert, which
     * jOOQ renders value by value, and the database about as much.
     */
    public static <R extends TableRecord<R>> void insertAll(DSLContext tx, Table<R> table, UUID tenant,
                                                           List<? extends R> rows) {
        Field<?>[] fields = table.fields();
        int tenantColumn = -1;
        for (int i = 0; i < fields.length; i++) {
            if (TENANT_COLUMN.equalsIgnoreCase(fields[i].getName())) {
                tenantColumn = i;
            }
        }
        if (tenantColumn < 0) {
            throw new IllegalArgumentException(table.getName() + " has no " + TENANT_COLUMN + " column");
        }
        int full = rows.size() / ROWS_PER_INSERT * ROWS_PER_INSERT;
        if (full > 0) {
            insertChunks(tx, table, fields, tenantColumn, tenant, rows.subList(0, full), ROWS_PER_INSERT);
        }
        if (full < rows.size()) {
            insertChunks(tx, table, fields, tenantColumn, tenant, rows.subList(full, rows.size()), rows.size() - full);
        }
    }

    /** The rows in a JDBC batch of one statement inserting {@code perStatement} rows at a time. */
    private static <R extends TableRecord<R>> void insertChunks(DSLContext tx, Table<R> table, Field<?>[] fields,
                                                               int tenantColumn, UUID tenant, List<? extends R> rows,
                                                               int perStatement) {
        var insert = tx.insertInto(table).columns(fields);
        InsertValuesStepN<R> template = null;
        for (int r = 0; r < perStatement; r++) {
            List<Field<?>> values = new ArrayList<>(fields.length);
            for (int i = 0; i < fields.length; i++) {
                values.add(i == tenantColumn ? DSL.inline(tenant, fields[i].getDataType()) : DSL.val(null, fields[i]));
            }
            template = template == null ? insert.values(values) : template.values(values);
        }
        BatchBindStep batch = tx.batch(template);
        Object[] binds = new Object[perStatement * (fields.length - 1)];
        int n = 0;
        for (R row : rows) {
            if (!tenant.equals(row.get(fields[tenantColumn]))) {
                throw new IllegalArgumentException("a row of " + table.getName() + " belongs to another tenant");
            }
            for (int i = 0; i < fields.length; i++) {
                if (i != tenantColumn) {
                    binds[n++] = row.get(fields[i]);
                }
            }
            if (n == binds.length) {
                batch = batch.bind(binds);
                binds = new Object[binds.length];
                n = 0;
            }
        }
        batch.execute();
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
