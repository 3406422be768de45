package org.cityos.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

/** Worker threads and nodes sharing one database: every job runs, none twice, per-key order holds, shutdown loses nothing. */
class JobWorkersTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    record Step(String key, int seq) {
    }

    /** Counts executions per job and records the per-key sequence, failing loudly on overlap within a key. */
    private static final class Recorder {
        final Map<JobId, AtomicInteger> runs = new ConcurrentHashMap<>();
        final Map<String, List<Integer>> sequences = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        final AtomicInteger overlaps = new AtomicInteger();

        JobHandler handler() {
            return ctx -> {
                runs.computeIfAbsent(ctx.id(), k -> new AtomicInteger()).incrementAndGet();
                Step s = ctx.payload(Step.class);
                if (s.key() != null) {
                    AtomicInteger n = inFlight.computeIfAbsent(s.key(), k -> new AtomicInteger());
                    if (n.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    Thread.sleep(1);
                    sequences.computeIfAbsent(s.key(), k -> new CopyOnWriteArrayList<>()).add(s.seq());
                    n.decrementAndGet();
                }
            };
        }
    }

    private static List<NewJob> jobs(int n, int keys) {
        List<NewJob> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean keyed = i % 2 == 0;
            String key = keyed ? "k" + (i % keys) : null;
            NewJob j = NewJob.of("count", new Step(key, i));
            out.add(keyed ? j.withOrderingKey(key) : j);
        }
        return out;
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static JobWorkers workers(CityOs cityOs, int threads) {
        return JobWorkers.builder(cityOs).threads(threads).batchSize(5).pollInterval(Duration.ofMillis(10))
                .heartbeatInterval(Duration.ofMillis(50)).build().start();
    }

    private static void assertEachRanOnceInKeyOrder(Recorder r, List<JobId> ids) {
        assertThat(r.runs).hasSize(ids.size());
        assertThat(r.runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        assertThat(r.overlaps).hasValue(0);
        r.sequences.values().forEach(seq -> assertThat(seq).isSorted());
    }

    @BothDatabases
    void several_worker_threads_run_every_job_exactly_once_and_keep_per_key_order(TestDatabase db) throws Exception {
        CityOs cityOs = db.cityOs(clock);
        Recorder r = new Recorder();
        cityOs.jobs().register("count", r.handler());
        List<JobId> ids = cityOs.jobs().enqueueAll(jobs(300, 7));
        try (JobWorkers w = workers(cityOs, 4)) {
            await("300 jobs", () -> cityOs.jobs().count(JobStatus.SUCCEEDED) == 300);
            assertThat(w.executed()).isEqualTo(300);
        }
        assertEachRanOnceInKeyOrder(r, ids);
    }

    @BothDatabases
    void two_nodes_on_one_database_share_the_queue_without_running_a_job_twice(TestDatabase db) throws Exception {
        CityOs node1 = db.cityOs(clock);
        CityOs node2 = db.cityOs(clock);
        Recorder r = new Recorder();
        node1.jobs().register("count", r.handler());
        node2.jobs().register("count", r.handler());
        List<JobId> ids = node1.jobs().enqueueAll(jobs(200, 5));
        try (JobWorkers w1 = workers(node1, 2); JobWorkers w2 = workers(node2, 2)) {
            await("200 jobs", () -> node1.jobs().count(JobStatus.SUCCEEDED) == 200);
            assertThat(w1.executed() + w2.executed()).isEqualTo(200);
        }
        assertEachRanOnceInKeyOrder(r, ids);
    }

    @BothDatabases
    void closing_lets_running_jobs_finish_and_gives_unstarted_ones_back(TestDatabase db) throws Exception {
        CityOs cityOs = db.cityOs(clock);
        Map<JobId, AtomicInteger> runs = new ConcurrentHashMap<>();
        CountDownLatch started = new CountDownLatch(1);
        cityOs.jobs().register("slow", ctx -> {
            started.countDown();
            Thread.sleep(100);
            runs.computeIfAbsent(ctx.id(), k -> new AtomicInteger()).incrementAndGet();
        });
        List<JobId> ids = cityOs.jobs().enqueueAll(java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> NewJob.of("slow", null)).toList());
        JobWorkers w = JobWorkers.builder(cityOs).threads(2).batchSize(5).pollInterval(Duration.ofMillis(10)).build()
                .start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        w.close();

        assertThat(cityOs.jobs().count(JobStatus.RUNNING)).isZero();
        int done = cityOs.jobs().count(JobStatus.SUCCEEDED);
        assertThat(done).isPositive().isEqualTo(runs.size());
        assertThat(cityOs.jobs().count(JobStatus.QUEUED)).isEqualTo(20 - done);
        // the rest run later, with their attempts intact
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(20 - done);
        assertThat(runs).hasSize(20);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        ids.forEach(id -> assertThat(cityOs.jobs().require(id).attempts()).isEqualTo(1));
    }

    @BothDatabases
    void a_job_still_running_after_the_shutdown_timeout_is_released_and_its_work_cannot_commit(TestDatabase db)
            throws Exception {
        CityOs cityOs = db.cityOs(clock);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        cityOs.jobs().register("stuck", ctx -> {
            if (ctx.attempt() == 1) {
                started.countDown();
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.sleep(200); // ignores the interrupt for a while, then tries to complete
                    cityOs.jobs().enqueue(ctx.tx(), NewJob.of("side.effect", null));
                    return;
                }
            }
            finished.incrementAndGet();
        });
        cityOs.jobs().register("side.effect", ctx -> { });
        JobId id = cityOs.jobs().enqueue(NewJob.of("stuck", null));
        JobWorkers w = JobWorkers.builder(cityOs).threads(1).pollInterval(Duration.ofMillis(10))
                .shutdownTimeout(Duration.ofMillis(100)).build().start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        w.close();
        assertThat(cityOs.jobs().require(id).status()).isEqualTo(JobStatus.FAILED);
        Thread.sleep(400); // the interrupted handler returns and its completion is refused
        assertThat(cityOs.jobs().count(JobStatus.QUEUED)).isZero();
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(1);
        assertThat(finished).hasValue(1);
        assertThat(cityOs.jobs().require(id).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void invalid_worker_settings_fail_at_build_naming_the_setting() {
        try (CityOs cityOs = CityOs.embedded(clock)) {
            assertThatThrownBy(() -> JobWorkers.builder(cityOs).threads(0).build())
                    .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                    .hasMessageContaining("threads 0");
            assertThatThrownBy(() -> JobWorkers.builder(cityOs).heartbeatInterval(Duration.ofMinutes(1))
                    .heartbeatTimeout(Duration.ofSeconds(90)).build())
                    .hasMessageContaining("heartbeatTimeout PT1M30S must be at least twice");
            assertThatThrownBy(() -> JobWorkers.builder(cityOs).pollInterval(Duration.ZERO).build())
                    .hasMessageContaining("pollInterval PT0S must be positive");
        }
    }
}
