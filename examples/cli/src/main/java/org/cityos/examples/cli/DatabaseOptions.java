package org.cityos.examples.cli;

import java.time.Clock;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.tenancy.Tenant;
import picocli.CommandLine.Option;

/** The database options the operations commands share, and how they open CityOS on it. */
final class DatabaseOptions {
    static final Principal CLI = Principal.system("cityos-cli");

    @Option(names = "--jdbc-url", required = true, description = "the CityOS database, e.g. jdbc:postgresql://db/cityos")
    String jdbcUrl;

    @Option(names = "--user", description = "the database user", defaultValue = "${env:CITYOS_DB_USER}")
    String user;

    @Option(names = "--password", description = "the database password (default: $CITYOS_DB_PASSWORD)",
            defaultValue = "${env:CITYOS_DB_PASSWORD}", arity = "0..1", interactive = false)
    String password;

    @Option(names = "--migrate", description = "apply pending migrations first (default: only check there are none)")
    boolean migrate;

    /** A small pool on the database; fails at once when it cannot connect. */
    HikariDataSource open() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cityos-cli");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password == null ? "" : password);
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    CityOs cityOs(HikariDataSource ds) {
        return CityOs.builder().dataSource(ds).clock(Clock.systemUTC()).migrateOnStart(migrate).build();
    }

    /** The tenant named by handle or id, as a context for the CLI; {@code unknown_tenant} naming it. */
    static TenantContext tenant(CityOs cityOs, String tenant) {
        java.util.Optional<Tenant> t;
        try {
            t = cityOs.tenancy().tenants().get(TenantId.parse(tenant));
        } catch (CityOsException notAnId) {
            t = cityOs.tenancy().tenants().byHandle(tenant);
        }
        return TenantContext.of(t.orElseThrow(() -> new CityOsException(ErrorCode.UNKNOWN_TENANT,
                "unknown tenant: '" + tenant + "'")).id(), CLI);
    }
}
