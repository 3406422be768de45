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
 * report; {@code migrate}, {@code demo} and {@code jobs} operate on a database by JDBC URL.
 */
@Command(name = "cityos", mixinStandardHelpOptions = true, version = "cityos-cli 0.1.0",
        description = "CityOS operations from the command line.",
        subcommands = {Cli.ScenarioCommand.class, MigrateCommand.class, DemoCommand.class, JobsCommand.class})
public final class Cli implements Callable<Integer> {
    /** Exit status of a file that is not a valid scenario (and of usage errors). */
    public static final int INVALID = 2;

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
        return cl.execute(args);
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
