package org.cityos.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.cityos.core.CityOsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code demo --jdbc-url URL}: fills an empty database with a demo marketplace by replaying the
 * bundled demo scenario through the public services, and prints a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Seeds an empty database with demo data (two tenants, vendors, rules, orders, a payout run) "
                + "by replaying the bundled demo scenario. Exit 0 when seeded, 4 when the database cannot be "
                + "reached or is not empty.")
final class DemoCommand implements Callable<Integer> {
    static final String RESOURCE = "/demo-scenario.json";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws IOException, InvalidScenarioException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario scenario;
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
            scenario = Scenario.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (HikariDataSource ds = database.open()) {
            ObjectNode report = ScenarioRunner.run(scenario, ds, ds);
            for (JsonNode t : report.get("tenants")) {
                out.printf("tenant %s: %d orders, %d vendors, %d payouts%n", t.get("id").asText(),
                        t.get("orders").size(), t.get("vendors").size(), t.get("payouts").size());
            }
            out.flush();
            return Cli.OK;
        } catch (HikariPool.PoolInitializationException | CityOsException e) {
            err.println("demo failed: " + e.getMessage());
            err.flush();
            return Cli.UNAVAILABLE;
        } catch (InvalidScenarioException e) {
            err.println("demo failed (is the database empty?): " + e.getMessage());
            err.flush();
            return Cli.UNAVAILABLE;
        }
    }
}
