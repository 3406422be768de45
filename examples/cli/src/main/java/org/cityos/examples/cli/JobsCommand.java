package org.cityos.examples.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.job.Job;
import org.cityos.core.job.JobId;
import org.cityos.core.job.JobStatus;
import org.cityos.core.job.Jobs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs list|retry|discard}: the dead-letter operations on the durable job queue. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "Lists jobs of the durable queue (dead ones by default) and retries or discards dead jobs.",
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.Retry.class, JobsCommand.Discard.class})
final class JobsCommand extends GroupCommand {

    /** Runs {@code work} on the database's job queue, mapping failures to exit codes. */
    static int onJobs(DatabaseOptions database, CommandLine.Model.CommandSpec spec, JobsWork work) {
        PrintWriter err = spec.commandLine().getErr();
        try (HikariDataSource ds = database.open()) {
            CityOs cityOs = CityOs.builder().dataSource(ds).migrateOnStart(false).build();
            return work.run(cityOs.jobs(), spec.commandLine().getOut());
        } catch (HikariPool.PoolInitializationException e) {
            err.println("cannot reach the database: " + e.getMessage());
            return Cli.UNAVAILABLE;
        } catch (CityOsException e) {
            err.println(e.code().code() + ": " + e.getMessage());
            return e.code() == ErrorCode.CONFIGURATION ? Cli.UNAVAILABLE
                    : e.code() == ErrorCode.INVALID_ARGUMENT ? Cli.INVALID : Cli.REFUSED;
        } finally {
            err.flush();
            spec.commandLine().getOut().flush();
        }
    }

    @FunctionalInterface
    interface JobsWork {
        int run(Jobs jobs, PrintWriter out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists jobs, dead ones unless --status says otherwise.")
    static final class ListJobs implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Option(names = "--status", description = "queued, running, succeeded, failed or dead (default dead)")
        String status = "dead";

        @Option(names = "--limit", description = "at most this many (1-500, default 100)")
        int limit = 100;

        @Override
        public Integer call() {
            return onJobs(database, spec, (jobs, out) -> {
                JobStatus s;
                try {
                    s = JobStatus.fromDb(status);
                } catch (RuntimeException e) {
                    throw CityOsException.invalid("--status", status, "is not one of queued, running, succeeded, failed, dead");
                }
                for (Job j : jobs.list(Optional.of(s), Optional.empty(), PageRequest.first(limit)).items()) {
                    out.printf("%s  %-24s %-9s attempts %d/%d  %s%n", j.id(), j.type(), j.status().dbValue(),
                            j.attempts(), j.maxAttempts(), j.lastError().orElse(""));
                }
                return Cli.OK;
            });
        }
    }

    /** What retry and discard share: the database, one job id, and a verb for the output. */
    abstract static class OneJob implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Parameters(index = "0", paramLabel = "JOB_ID")
        String id;

        abstract void apply(Jobs jobs, JobId job);

        abstract String done();

        @Override
        public Integer call() {
            return onJobs(database, spec, (jobs, out) -> {
                apply(jobs, JobId.parse(id));
                out.println(done() + " " + id);
                return Cli.OK;
            });
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, description = "Puts a dead job back in the queue.")
    static final class Retry extends OneJob {
        @Override
        void apply(Jobs jobs, JobId job) {
            jobs.retry(job);
        }

        @Override
        String done() {
            return "retried";
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true, description = "Deletes a dead job.")
    static final class Discard extends OneJob {
        @Override
        void apply(Jobs jobs, JobId job) {
            jobs.discard(job);
        }

        @Override
        String done() {
            return "discarded";
        }
    }
}
