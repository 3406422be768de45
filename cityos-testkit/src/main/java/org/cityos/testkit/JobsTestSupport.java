package org.cityos.testkit;

import java.time.Duration;
import java.util.List;

import org.cityos.core.CityOs;
import org.cityos.core.job.Job;
import org.cityos.core.job.internal.JobEngine;

/**
 * Runs a {@link CityOs}'s jobs synchronously in the calling thread, for tests driven by a
 * {@link TestClock}: fire due schedules, run every due job, repeat until nothing is due.
 */
public final class JobsTestSupport {
    private static final String WORKER = "testkit";

    private JobsTestSupport() {
    }

    /**
     * Fires due schedules and runs due jobs (including retries that became due) until none is
     * left, each in a transaction of its own as the workers do by default; returns how many job
     * attempts ran. Jobs due later stay queued: advance the clock.
     */
    public static int runUntilIdle(CityOs cityOs) {
        return runUntilIdle(cityOs, Duration.ZERO);
    }

    /**
     * The same, running consecutive jobs of one tenant in shared transactions for up to
     * {@code commitWindow}, as workers built with that {@code JobWorkers.Builder.commitWindow} do.
     */
    public static int runUntilIdle(CityOs cityOs, Duration commitWindow) {
        JobEngine engine = cityOs.jobs().engine();
        int ran = 0;
        for (int round = 0; round < 100_000; round++) {
            engine.fireDueSchedules();
            List<Job> batch = engine.claim(WORKER, 50);
            if (batch.isEmpty()) {
                return ran;
            }
            ran += engine.runBatch(batch, commitWindow, () -> true);
        }
        throw new IllegalStateException("jobs still due after 100000 rounds: a job that re-enqueues itself?");
    }

    /**
     * Claims up to {@code n} due jobs as worker {@code worker} and never runs them nor heartbeats:
     * what a worker that crashed right after claiming leaves behind.
     */
    public static List<Job> claimAndAbandon(CityOs cityOs, String worker, int n) {
        return cityOs.jobs().engine().claim(worker, n);
    }

    /** Releases running jobs that have not heartbeated within {@code timeout} (as workers do on every poll). */
    public static int releaseStale(CityOs cityOs, Duration timeout) {
        return cityOs.jobs().engine().reapStale(timeout);
    }
}
