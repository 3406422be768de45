package org.cityos.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.marketplace.Marketplace;
import org.cityos.sync.Sync;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code migrate --jdbc-url URL}: applies every module's pending migrations to a database. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Applies the pending migrations of cityos-core, -marketplace and -sync to a database "
                + "(run it as the schema owner). Exit 0 when the schema is current, 3 when the database "
                + "cannot be reached or a migration fails.")
final class MigrateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HikariDataSource ds = database.open()) {
            CityOs cityOs = CityOs.builder().dataSource(ds).migrateOnStart(true).build();
            Marketplace.create(cityOs);
            Sync.create(cityOs);
            out.println("schema is current: cityos-core, cityos-marketplace, cityos-sync");
            out.flush();
            return Cli.OK;
        } catch (HikariPool.PoolInitializationException | CityOsException | org.flywaydb.core.api.FlywayException e) {
            err.println("migrate failed: " + e.getMessage());
            err.flush();
            return Cli.UNAVAILABLE;
        }
    }
}
