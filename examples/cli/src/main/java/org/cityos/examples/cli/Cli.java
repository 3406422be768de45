package org.cityos.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The CityOS command line: {@code scenario FILE} replays a marketplace scenario and prints its
 * report; {@code payouts run} runs a tenant's payouts; {@code report commissions} streams the
 * commission report as CSV; {@code migrate}, {@code demo} and {@code jobs} operate a database.
 * Exit statuses are the constants below.
 */
@Command(name = "cityos", mixinStandardHelpOptions = true, version = "cityos-cli 0.1.0",
        description = "CityOS operations from the command line.",
        subcommands = {Cli.ScenarioCommand.class, PayoutsCommand.class, ReportCommand.class, MigrateCommand.class,
                DemoCommand.class, JobsCommand.class})
public final class Cli implements Callable<Integer> {
    /** Exit status: done. */
    public static final int OK = 0;
    /** Exit status: done, but some of the work failed (e.g. payouts the provider refused). */
    public static final int PARTIAL = 1;
    /** Exit status of a file that is not a valid scenario (and of usage errors). */
    public static final int INVALID = 2;
    /** Exit status of usage errors (bad or missing options). */
    public static final int USAGE = 2;
    /** Exit status when the library refused the request (unknown tenant or vendor, a bad setting). */
    public static final int REFUSED = 3;
    /** Exit status when the database (or the payout provider) could not be reached or failed. */
    public static final int UNAVAILABLE = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        System.exit(execute(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the command line with the given output streams and returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CommandLine.ParameterException pe) {
                line.getErr().println(pe.getMessage());
                pe.getCommandLine().usage(line.getErr());
                return USAGE;
            }
            line.getErr().println("cityos: " + describe(e));
            line.getErr().flush();
            return exitStatus(e);
        });
        return cl.execute(args);
    }

    /** The exit status of a failure: usage for bad arguments, refused for the library's refusals, else unavailable. */
    static int exitStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.cityos.core.CityOsException c) {
                if (c.code() == org.cityos.core.ErrorCode.INVALID_ARGUMENT) {
                    return USAGE;
                }
                if (c.code() == org.cityos.core.ErrorCode.CONFIGURATION && String.valueOf(c.getMessage()).contains("connect")) {
                    return UNAVAILABLE;
                }
                return REFUSED;
            }
        }
        return UNAVAILABLE;
    }

    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.cityos.core.CityOsException) {
                return t.getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getMessage() + (root != e ? " (" + root.getMessage() + ")" : "");
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return INVALID;
    }

    /** {@code scenario FILE [--jdbc-url URL --user U --password P]}. */
    @Command(name = "scenario", mixinStandardHelpOptions = true,
            description = "Replays a marketplace scenario on a fresh database (embedded H2 unless --jdbc-url) "
                    + "and prints the JSON report. Exit status 2 when the file is not a valid scenario.")
    static final class ScenarioCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the scenario JSON file")
        Path file;

        @Option(names = "--jdbc-url", description = "a fresh database to run on instead of embedded H2")
        String jdbcUrl;

        @Option(names = "--user", description = "the database user (with --jdbc-url)")
        String user;

        @Option(names = "--password", description = "the database password (with --jdbc-url)")
        String password;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new InvalidScenarioException("cannot read " + file + ": " + e.getMessage(), e);
                }
                Scenario scenario = Scenario.parse(text);
                ObjectNode report;
                if (jdbcUrl == null) {
                    report = ScenarioRunner.runEmbedded(scenario);
                } else {
                    HikariConfig config = new HikariConfig();
                    config.setPoolName("cityos-scenario");
                    config.setJdbcUrl(jdbcUrl);
                    config.setUsername(user);
                    config.setPassword(password);
                    config.setMaximumPoolSize(4);
                    try (HikariDataSource ds = new HikariDataSource(config)) {
                        report = ScenarioRunner.run(scenario, ds, ds);
                    }
                }
                out.print(ScenarioRunner.render(report));
                out.flush();
                return 0;
            } catch (InvalidScenarioException e) {
                err.println(file + ": not a valid scenario: " + e.getMessage());
                err.flush();
                return INVALID;
            }
        }
    }
}
