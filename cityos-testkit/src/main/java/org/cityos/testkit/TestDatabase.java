package org.cityos.testkit;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.cityos.core.CityOs;

/**
 * A fresh, empty database for one test: H2 in memory, or a new database in a shared embedded
 * PostgreSQL 17 (started once per JVM from the binaries on Maven Central). On PostgreSQL the
 * schema is owned by the superuser that runs migrations, and {@link #dataSource()} connects as
 * {@value #APP_ROLE}, a role that owns nothing and cannot bypass row-level security, as a
 * production application role should.
 */
public final class TestDatabase implements AutoCloseable {
    /** The PostgreSQL application role of test databases. */
    public static final String APP_ROLE = "cityos_app";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final DatabaseKind kind;
    private final String name;
    private final HikariDataSource app;
    private final HikariDataSource owner;
    private final java.util.List<HikariDataSource> extra = new java.util.concurrent.CopyOnWriteArrayList<>();

    private TestDatabase(DatabaseKind kind, String name, HikariDataSource app, HikariDataSource owner) {
        this.kind = kind;
        this.name = name;
        this.app = app;
        this.owner = owner;
    }

    /** Creates a fresh database of {@code kind}. */
    public static TestDatabase create(DatabaseKind kind) {
        String name = "cityos_t" + COUNTER.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        if (kind == DatabaseKind.H2) {
            HikariDataSource ds = pool("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", 8);
            return new TestDatabase(kind, name, ds, null);
        }
        EmbeddedPostgres pg = Postgres.get();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name;
        HikariDataSource owner = pool(url, "postgres", "postgres", 4);
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute("GRANT USAGE ON SCHEMA public TO " + APP_ROLE);
            s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "
                    + APP_ROLE);
            s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO " + APP_ROLE);
        } catch (SQLException e) {
            owner.close();
            throw new IllegalStateException("cannot prepare test database " + name, e);
        }
        HikariDataSource app = pool(url, APP_ROLE, APP_ROLE, 8);
        return new TestDatabase(kind, name, app, owner);
    }

    private static HikariDataSource pool(String url, String user, String password, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("test-" + url.substring(url.lastIndexOf('/') + 1).replace(';', '-'));
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    public DatabaseKind kind() {
        return kind;
    }

    /** The application's connections (on PostgreSQL: the non-owner role {@value #APP_ROLE}). */
    public DataSource dataSource() {
        return app;
    }

    /** The schema owner's connections (migrations); on H2 the same as {@link #dataSource()}. */
    public DataSource ownerDataSource() {
        return owner != null ? owner : app;
    }

    /**
     * A new pool of {@code size} connections as the application role, closed with this database
     * (for tests about connection reuse).
     */
    public DataSource newAppPool(int size) {
        HikariDataSource ds = kind == DatabaseKind.H2 ? pool(app.getJdbcUrl(), "sa", "", size)
                : pool(app.getJdbcUrl(), APP_ROLE, APP_ROLE, size);
        extra.add(ds);
        return ds;
    }

    /** The JDBC URL of this database. */
    public String jdbcUrl() {
        return app.getJdbcUrl();
    }

    /** A {@link CityOs} on this database: migrated by the owner, running as the application role. */
    public CityOs cityOs(Clock clock) {
        return CityOs.builder().dataSource(app).migrationDataSource(ownerDataSource()).clock(clock).build();
    }

    @Override
    public void close() {
        extra.forEach(HikariDataSource::close);
        app.close();
        if (owner != null) {
            owner.close();
            try (Connection c = Postgres.get().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                // a leftover database in a throw-away cluster is harmless
            }
        }
    }

    @Override
    public String toString() {
        return kind + ":" + name;
    }

    /** The one embedded PostgreSQL of this JVM, started on first use and stopped at exit. */
    static final class Postgres {
        private static volatile EmbeddedPostgres instance;

        static EmbeddedPostgres get() {
            EmbeddedPostgres pg = instance;
            if (pg == null) {
                synchronized (Postgres.class) {
                    pg = instance;
                    if (pg == null) {
                        pg = start();
                        instance = pg;
                    }
                }
            }
            return pg;
        }

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + APP_ROLE + " LOGIN PASSWORD '" + APP_ROLE
                            + "' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException e) {
                        // exiting anyway
                    }
                }, "cityos-embedded-postgres-stop"));
                return pg;
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("cannot start embedded PostgreSQL", e);
            }
        }
    }
}
