package org.cityos.core.internal;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.LoggerFactory;

/**
 * Runs or checks one module's Flyway migrations. Each module keeps its own history table
 * ({@code cityos_<module>_schema_history}) so modules can be added to a database at any time;
 * portable scripts live in {@code db/migration/<module>}, PostgreSQL-only ones in
 * {@code db/postgresql/<module>}, H2-only ones in {@code db/h2/<module>}.
 */
public final class Migrations {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /** Applies the module's pending migrations; returns how many were applied. */
    public static int migrate(DataSource dataSource, Dialect dialect, String module, ClassLoader loader) {
        Flyway flyway = flyway(dataSource, dialect, module, loader);
        MigrateResult result = flyway.migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("cityos-{}: applied {} migration(s), schema now at {}", module, result.migrationsExecuted,
                    result.targetSchemaVersion);
        }
        return result.migrationsExecuted;
    }

    /** Raises a {@code configuration} error naming the pending migrations when the schema is behind. */
    public static void verify(DataSource dataSource, Dialect dialect, String module, ClassLoader loader) {
        Flyway flyway = flyway(dataSource, dialect, module, loader);
        MigrationInfo[] pending = flyway.info().pending();
        if (pending.length > 0) {
            String names = Arrays.stream(pending).map(m -> "V" + m.getVersion() + " " + m.getDescription())
                    .collect(Collectors.joining(", "));
            throw new CityOsException(ErrorCode.CONFIGURATION, "cityos-" + module
                    + " migrations are out of date: pending " + names
                    + "; run them (migrateOnStart(true)) or apply them with your migration tool");
        }
    }

    private static Flyway flyway(DataSource dataSource, Dialect dialect, String module, ClassLoader loader) {
        List<String> locations = new ArrayList<>();
        locations.add("classpath:db/migration/" + module);
        locations.add("classpath:db/" + dialect.folder() + "/" + module);
        return Flyway.configure(loader)
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .table("cityos_" + module + "_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(false)
                .load();
    }

    /** A DataSource that hands out one borrowed connection and never closes it. */
    public static DataSource borrowed(Connection connection) {
        Connection handle = (Connection) Proxy.newProxyInstance(Migrations.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new DataSource() {
            @Override public Connection getConnection() { return handle; }
            @Override public Connection getConnection(String u, String p) { return handle; }
            @Override public PrintWriter getLogWriter() { return null; }
            @Override public void setLogWriter(PrintWriter out) { }
            @Override public void setLoginTimeout(int seconds) { }
            @Override public int getLoginTimeout() { return 0; }
            @Override public Logger getParentLogger() { return Logger.getGlobal(); }
            @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
            @Override public boolean isWrapperFor(Class<?> iface) { return false; }
        };
    }
}
