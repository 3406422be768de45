package org.cityos.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import org.cityos.core.CityOs;
import org.cityos.core.job.JobWorkers;
import org.cityos.core.job.NewJob;
import org.cityos.testkit.DatabaseKind;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Enqueue {@code jobs} no-op jobs and run them to completion with 1, 2 or 4 worker threads on
 * embedded PostgreSQL (claims in batches with {@code FOR UPDATE SKIP LOCKED}; consecutive jobs share
 * a transaction for up to {@code commitWindowMs}, each completing with its work; 0: one
 * transaction per job), beside the floor: the same number of rows inserted, then
 * claimed and completed by bare {@code UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED
 * LIMIT 1)} statements in plain JDBC on as many threads. One invocation is one whole run; jobs per
 * second = {@code jobs} / the reported time.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class JobQueueBenchmark {
    private static final String FLOOR_CLAIM = "update job set status = 'succeeded', locked_by = ?, updated_at = now()"
            + " where id = (select id from job where namespace = 'default' and status = 'queued' and run_at <= now()"
            + " order by run_at, id limit 1 for update skip locked)";

    @Param({"1", "2", "4"})
    public int workers;

    @Param({"20000"})
    public int jobs;

    @Param({"50"})
    public int batchSize;

    @Param({"50"})
    public int commitWindowMs;

    private TestDatabase db;
    private CityOs cityOs;
    private DataSource ds;
    private final AtomicLong done = new AtomicLong();
    private List<NewJob> batch;

    @Setup(Level.Trial)
    public void setUp() {
        db = TestDatabase.create(DatabaseKind.POSTGRES);
        // migrate as the owner, then run as the application role with a pool large enough for the workers
        db.cityOs(TestClock.at("2026-01-01T00:00:00Z"));
        ds = db.newAppPool(workers + 4);
        cityOs = CityOs.builder().dataSource(ds).migrateOnStart(false).build();
        cityOs.jobs().register("noop", ctx -> done.incrementAndGet());
        batch = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            batch.add(NewJob.of("noop", null));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
    }

    @Setup(Level.Invocation)
    public void clean() throws SQLException {
        done.set(0);
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate job");
            s.execute("vacuum analyze job");
        }
    }

    /**
     * Statistics of the freshly filled table, as autovacuum would soon have them: without any, the
     * first run of a fresh database planned the floor's claim as a scan and sort of the whole table
     * (130 s instead of 15 s at 100,000 jobs). Both methods run it, inside the measured time.
     */
    private void analyze() throws SQLException {
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("analyze job");
        }
    }

    @Benchmark
    public long library() throws InterruptedException, SQLException {
        cityOs.jobs().enqueueAll(batch);
        analyze();
        try (JobWorkers w = JobWorkers.builder(cityOs).threads(workers).batchSize(batchSize)
                .pollInterval(Duration.ofMillis(2)).commitWindow(Duration.ofMillis(commitWindowMs)).build().start()) {
            while (done.get() < jobs) {
                Thread.sleep(1);
            }
        }
        if (done.get() != jobs) {
            throw new IllegalStateException("ran " + done.get() + " executions for " + jobs + " jobs");
        }
        return done.get();
    }

    @Benchmark
    public long jdbc_floor() throws Exception {
        cityOs.jobs().enqueueAll(batch);
        analyze();
        List<Thread> threads = new ArrayList<>();
        AtomicLong claimed = new AtomicLong();
        for (int t = 0; t < workers; t++) {
            String me = "floor-" + t;
            Thread th = new Thread(() -> {
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(FLOOR_CLAIM)) {
                    c.setAutoCommit(true);
                    ps.setString(1, me);
                    while (ps.executeUpdate() == 1) {
                        claimed.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        if (claimed.get() != jobs) {
            throw new IllegalStateException("floor claimed " + claimed + " of " + jobs);
        }
        return claimed.get();
    }
}
