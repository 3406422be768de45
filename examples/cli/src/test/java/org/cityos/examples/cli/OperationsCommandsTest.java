package org.cityos.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.cityos.core.CityOs;
import org.cityos.core.job.JobStatus;
import org.cityos.core.job.NewJob;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.DatabaseKind;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

/** {@code migrate}, {@code demo} and {@code jobs}: what they print and the exit codes scripts rely on. */
class OperationsCommandsTest {
    record Run(int status, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    static String[] db(TestDatabase db, String... command) {
        String user = db.kind() == DatabaseKind.H2 ? "sa" : "postgres";
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.addAll(List.of("--jdbc-url", db.jdbcUrl(), "--user", user, "--password", user.equals("sa") ? "" : "postgres"));
        return args.toArray(String[]::new);
    }

    @BothDatabases
    void migrate_brings_an_empty_database_to_the_current_schema_and_is_idempotent(TestDatabase db) {
        Run first = cli(db(db, "migrate"));
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).contains("schema is current");
        assertThat(cli(db(db, "migrate")).status()).isZero();
        // the schema is complete: an instance that refuses pending migrations builds
        assertThat(CityOs.builder().dataSource(db.ownerDataSource()).migrateOnStart(false).build()).isNotNull();
    }

    @BothDatabases
    void demo_seeds_an_empty_database_and_refuses_a_seeded_one(TestDatabase db) {
        Run run = cli(db(db, "demo"));
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("tenant riyadh-market: 1 orders, 3 vendors, 2 payouts")
                .contains("tenant jeddah-food: 1 orders, 1 vendors, 1 payouts");
        Run again = cli(db(db, "demo"));
        assertThat(again.status()).isEqualTo(Cli.UNAVAILABLE);
        assertThat(again.err()).contains("demo failed");
    }

    @BothDatabases
    void jobs_lists_retries_and_discards_dead_jobs(TestDatabase db) {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        CityOs cityOs = CityOs.builder().dataSource(db.ownerDataSource()).clock(clock).build();
        cityOs.jobs().register("always-fails", ctx -> {
            throw new IllegalStateException("remote said no");
        });
        var a = cityOs.jobs().enqueue(NewJob.ofJson("always-fails", "{}").withMaxAttempts(1));
        var b = cityOs.jobs().enqueue(NewJob.ofJson("always-fails", "{}").withMaxAttempts(1));
        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(cityOs.jobs().count(JobStatus.DEAD)).isEqualTo(2);

        Run list = cli(db(db, "jobs", "list"));
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains(a.toString()).contains(b.toString()).contains("remote said no");

        assertThat(cli(db(db, "jobs", "retry", a.toString())).status()).isZero();
        assertThat(cli(db(db, "jobs", "discard", b.toString())).status()).isZero();
        assertThat(cityOs.jobs().get(a).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(cityOs.jobs().get(b)).isEmpty();

        // refused operations and bad input have their own exit codes
        Run again = cli(db(db, "jobs", "discard", a.toString()));
        assertThat(again.status()).isEqualTo(Cli.REFUSED);
        assertThat(again.err()).contains("conflict");
        assertThat(cli(db(db, "jobs", "retry", "not-a-uuid")).status()).isEqualTo(Cli.INVALID);
        assertThat(cli(db(db, "jobs", "list", "--status", "sleeping")).status()).isEqualTo(Cli.INVALID);
    }

    @Test
    void an_unreachable_database_is_exit_status_4() {
        Run run = cli("jobs", "list", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none", "--user", "x", "--password", "y");
        assertThat(run.status()).isEqualTo(Cli.UNAVAILABLE);
        assertThat(cli("migrate", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none", "--user", "x", "--password", "y").status())
                .isEqualTo(Cli.UNAVAILABLE);
    }

    @Test
    void every_command_has_help() {
        for (String c : List.of("scenario", "migrate", "demo", "jobs", "payouts", "report")) {
            Run run = cli(c, "--help");
            assertThat(run.status()).as(c).isZero();
            assertThat(run.out()).as(c).contains("Usage:");
        }
    }
}
