package org.cityos.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.cityos.core.audit.AuditLog;
import org.cityos.core.event.Events;
import org.cityos.core.internal.Db;
import org.cityos.core.internal.Dialect;
import org.cityos.core.internal.Migrations;
import org.cityos.core.internal.TenantGuard;
import org.cityos.core.internal.db.Tables;
import org.cityos.core.job.Jobs;
import org.cityos.core.job.internal.JobGauges;
import org.cityos.core.job.internal.JobRegistry;
import org.cityos.core.ops.GaugeSource;
import org.cityos.core.ops.Operations;
import org.cityos.core.tenancy.Tenancy;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/**
 * The entry point of CityOS: built once from the host's {@link DataSource} (or jOOQ
 * {@link DSLContext}) and {@link Clock}, immutable and thread-safe, it runs the schema
 * migrations and hands out the tenancy and audit services. Modules build on it
 * ({@code Marketplace.create(cityOs)}).
 *
 * <pre>{@code
 * CityOs cityOs = CityOs.builder().dataSource(ds).clock(Clock.systemUTC()).build();
 * }</pre>
 */
public final class CityOs implements AutoCloseable {
    private final Db db;
    private final MigrationRunner migrations;
    private final boolean migrateOnStart;
    private final AutoCloseable owned;
    private final Tenancy tenancy;
    private final AuditLog audit;
    private final Events events;
    private final Jobs jobs;
    private final Shared shared;

    private CityOs(Db db, MigrationRunner migrations, boolean migrateOnStart, AutoCloseable owned, Shared shared,
                   Tenancy parent) {
        this.db = db;
        this.migrations = migrations;
        this.migrateOnStart = migrateOnStart;
        this.owned = owned;
        this.shared = shared;
        this.audit = new AuditLog(db);
        // a transaction's services share the root's change listeners, so caches hear of changes made in it
        this.tenancy = parent == null ? new Tenancy(db, audit) : parent.on(db, audit);
        this.jobs = new Jobs(db, shared.jobHandlers, shared.namespace, shared.operations.recorder());
        this.events = new Events(db, jobs, shared.subscribers);
    }

    /** What every view of one instance shares: the namespace, this node's handlers, the operations. */
    private record Shared(String namespace, JobRegistry jobHandlers, Events.Subscribers subscribers,
                          Operations operations) {
    }

    /** A builder; at least a data source or a DSL context is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** An instance on a fresh in-memory H2 database behind HikariCP, for demos and tests. */
    public static CityOs embedded() {
        return embedded(Clock.systemUTC());
    }

    /** An instance on a fresh in-memory H2 database with the given clock. */
    public static CityOs embedded(Clock clock) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cityos-embedded");
        config.setJdbcUrl("jdbc:h2:mem:cityos-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(8);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            return builder().dataSource(ds).clock(clock).closeOnShutdown(ds).build();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    /** The geographic and business hierarchy: countries, scopes, categories, tenants, stores, portals. */
    public Tenancy tenancy() {
        return tenancy;
    }

    /** The audit log: what changed, who did it, and what was refused. */
    public AuditLog audit() {
        return audit;
    }

    /** The transactional outbox: events published with the changes they report. */
    public Events events() {
        return events;
    }

    /**
     * The durable job queue of this instance's namespace: handlers, enqueueing, schedules and the
     * operations on dead jobs. {@code JobWorkers.builder(cityOs)} runs the jobs.
     */
    public Jobs jobs() {
        return jobs;
    }

    /**
     * The operator's view: a snapshot of platform-wide gauges (job queue, outbox backlog,
     * schedules, and the attached modules' gauges) and the recorders of in-process counters.
     * Every view of this instance (transactions, {@link #join}) shares it.
     */
    public Operations operations() {
        return shared.operations;
    }

    /** The injected clock. */
    public Clock clock() {
        return db.clock();
    }

    /**
     * Runs {@code work} in one transaction; the {@code CityOs} it receives is bound to that
     * transaction, so services obtained from it (and modules created from it) join it. It commits
     * when {@code work} returns and rolls back when it throws. Change listeners (such as
     * {@link Tenancy#onDomainsChanged}) hear of its changes after the commit, and never after a rollback.
     */
    public <T> T transaction(Function<CityOs, T> work) {
        List<Runnable> committed = new ArrayList<>();
        T result = Db.run(() -> db.dsl().transactionResult(cfg ->
                work.apply(new CityOs(db.inTransaction(DSL.using(cfg), committed), migrations, false, null, shared,
                        tenancy))));
        committed.forEach(Runnable::run);
        return result;
    }

    /**
     * A view of this instance that runs inside the host's own jOOQ transaction: pass the
     * {@link DSLContext} your {@code transactionResult(cfg -> ...)} callback received
     * ({@code cfg.dsl()}); services taken from the view join that transaction with savepoints and
     * commit or roll back with it.
     */
    public CityOs join(DSLContext hostTransaction) {
        java.util.Objects.requireNonNull(hostTransaction, "hostTransaction");
        Configuration cfg = hostTransaction.configuration().derive(librarySettings());
        if (db.guardEnabled()) {
            cfg = Db.guarded(cfg, db.tenantTables());
        }
        return new CityOs(db.with(DSL.using(cfg)), migrations, false, null, shared, tenancy);
    }

    /**
     * For CityOS modules: the database handle. Not part of the public API; its shape may change.
     */
    public Db db() {
        return db;
    }

    /**
     * For CityOS modules: registers a module's tenant tables with the guard and runs (or, with
     * migrations off, verifies) its migrations.
     */
    public void attachModule(String module, ClassLoader loader, List<? extends org.jooq.Table<?>> tenantTables) {
        db.tenantTables().add(tenantTables);
        if (migrations != null) {
            migrations.run(module, loader, migrateOnStart);
        }
    }

    /**
     * For CityOS modules: {@link #attachModule(String, ClassLoader, List)}, and registers the
     * module's gauges in {@link #operations()} (replacing those of an earlier attach of the same module).
     */
    public void attachModule(String module, ClassLoader loader, List<? extends org.jooq.Table<?>> tenantTables,
                             GaugeSource gauges) {
        attachModule(module, loader, tenantTables);
        shared.operations.source(module, gauges);
    }

    /** Closes what {@link #embedded()} opened; a host's own data source is left alone. */
    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the embedded database failed", e);
            }
        }
    }

    /** How the library renders SQL: unquoted names, so the same schema reads on H2 and PostgreSQL. */
    private static Settings librarySettings() {
        return new Settings()
                .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
                .withRenderNameCase(RenderNameCase.AS_IS)
                .withExecuteLogging(false);
    }

    @FunctionalInterface
    private interface MigrationRunner {
        void run(String module, ClassLoader loader, boolean migrate);
    }

    /** Configures a {@link CityOs}; invalid settings fail in {@link #build()}, naming the setting. */
    public static final class Builder {
        private DataSource dataSource;
        private DataSource migrationDataSource;
        private DSLContext dsl;
        private Clock clock = Clock.systemUTC();
        private boolean migrateOnStart = true;
        private boolean tenantGuard = true;
        private String jobNamespace = "default";
        private AutoCloseable owned;

        private Builder() {
        }

        /** The connection pool the library runs its statements on. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /**
         * A jOOQ context instead of a data source, so that a host brings its own transactions
         * (e.g. Spring's transaction provider); the library joins the transaction in progress.
         */
        public Builder dsl(DSLContext dsl) {
            this.dsl = dsl;
            return this;
        }

        /**
         * Optional: the data source migrations run on, typically the role that owns the schema,
         * while {@link #dataSource} uses an application role that does not (needed for PostgreSQL
         * row-level security to bind it).
         */
        public Builder migrationDataSource(DataSource dataSource) {
            this.migrationDataSource = dataSource;
            return this;
        }

        /** The clock all times come from (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Whether {@link #build()} applies pending migrations (default true); if false it verifies none are pending. */
        public Builder migrateOnStart(boolean migrate) {
            this.migrateOnStart = migrate;
            return this;
        }

        /** Whether the tenant guard refuses unscoped statements on tenant tables (default true). */
        public Builder tenantGuard(boolean enabled) {
            this.tenantGuard = enabled;
            return this;
        }

        /**
         * The namespace of this application's jobs, schedules and event subscriptions (default
         * {@code default}), so several applications can share one database's queue tables.
         */
        public Builder jobNamespace(String namespace) {
            this.jobNamespace = namespace;
            return this;
        }

        Builder closeOnShutdown(AutoCloseable resource) {
            this.owned = resource;
            return this;
        }

        /** Validates the configuration, migrates (or verifies) the schema and returns the instance. */
        public CityOs build() {
            if (dataSource == null && dsl == null) {
                throw new CityOsException(ErrorCode.CONFIGURATION,
                        "no data source: call dataSource(DataSource) or dsl(DSLContext)");
            }
            if (dataSource != null && dsl != null) {
                throw new CityOsException(ErrorCode.CONFIGURATION,
                        "both dataSource and dsl are set: give one of them");
            }
            if (clock == null) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "clock is null: give a Clock");
            }
            if (jobNamespace == null || !jobNamespace.matches("[a-z][a-z0-9_.-]{0,62}")) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "jobNamespace " + Values.quote(jobNamespace)
                        + " must be lower case letters, digits, '_', '.' or '-', at most 63 characters");
            }
            TenantGuard.TenantTables tables = new TenantGuard.TenantTables();
            tables.add(List.of(Tables.STORE, Tables.PORTAL, Tables.AUDIT_LOG, Tables.OUTBOX_EVENT,
                    Tables.PROCESSED_EVENT, Tables.API_KEY));

            Dialect dialect;
            DSLContext base;
            MigrationRunner runner;
            Settings settings = librarySettings();
            if (dsl != null) {
                dialect = Dialect.of(dsl.dialect());
                Configuration cfg = dsl.configuration().derive(settings);
                base = DSL.using(tenantGuard ? Db.guarded(cfg, tables) : cfg);
                DSLContext host = dsl;
                runner = (module, loader, migrate) -> {
                    if (migrationDataSource != null) {
                        migrateOrVerify(migrationDataSource, dialect, module, loader, migrate);
                    } else {
                        host.connection(c -> migrateOrVerify(Migrations.borrowed(c), dialect, module, loader, migrate));
                    }
                };
            } else {
                dialect = Dialect.detect(dataSource);
                Configuration cfg = new DefaultConfiguration()
                        .set(dataSource).set(dialect.jooq()).set(settings);
                base = DSL.using(tenantGuard ? Db.guarded(cfg, tables) : cfg);
                DataSource migrationSource = migrationDataSource != null ? migrationDataSource : dataSource;
                runner = (module, loader, migrate) -> migrateOrVerify(migrationSource, dialect, module, loader, migrate);
            }
            Db db = new Db(base, clock, dialect, tables, tenantGuard);
            runner.run("core", CityOs.class.getClassLoader(), migrateOnStart);
            JobRegistry handlers = new JobRegistry();
            Operations operations = new Operations(db);
            operations.source("core", new JobGauges(jobNamespace, handlers));
            return new CityOs(db, runner, migrateOnStart, owned,
                    new Shared(jobNamespace, handlers, new Events.Subscribers(), operations), null);
        }

        private static void migrateOrVerify(DataSource ds, Dialect dialect, String module, ClassLoader loader,
                                            boolean migrate) {
            // one connection for all of Flyway's work, so a pool of size one cannot deadlock
            try (java.sql.Connection c = ds.getConnection()) {
                DataSource one = Migrations.borrowed(c);
                if (migrate) {
                    Migrations.migrate(one, dialect, module, loader);
                } else {
                    Migrations.verify(one, dialect, module, loader);
                }
            } catch (java.sql.SQLException e) {
                throw new CityOsException(ErrorCode.CONFIGURATION,
                        "cannot connect to the database to check cityos-" + module + " migrations: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "CityOs[" + db.dialect() + "]";
    }

}
