package org.cityos.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.cityos.core.CityOs;
import org.cityos.core.Fixtures;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantId;
import org.cityos.core.ops.Metric;
import org.cityos.core.ops.MetricsRecorder;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.DatabaseKind;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Consecutive jobs of a claimed batch sharing a transaction (the commit window): each job's work
 * still commits with its own completion, a failing job is rolled back alone, and a group whose
 * transaction fails as a whole commits nothing and runs its jobs again one by one; so a job is
 * never marked succeeded without its work, and never lost.
 */
class JobGroupCommitTest {
    private static final Duration WIDE = Duration.ofMinutes(1);
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    record N(int n) {
    }

    /** Counts job outcomes as "type:outcome". */
    static final class Outcomes implements MetricsRecorder {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void increment(Metric metric, Map<String, String> tags) {
            if (metric.name().equals("cityos.jobs.executed")) {
                seen.add(tags.get("type") + ":" + tags.get("outcome"));
            }
        }

        @Override
        public void record(Metric metric, Map<String, String> tags, Duration duration) {
        }
    }

    /** "parent" jobs whose work is a "child" job enqueued in their transaction, naming the parent's n. */
    private static void registerParent(CityOs cityOs, AtomicInteger runs, Set<DSLContext> txs, int failing) {
        cityOs.jobs().register("parent", ctx -> {
            runs.incrementAndGet();
            int n = ctx.payload(N.class).n();
            txs.add(ctx.tx());
            cityOs.jobs().enqueue(ctx.tx(), NewJob.of("child", new N(n)));
            if (n == failing) {
                throw new IllegalStateException("parent " + n + " fails");
            }
        });
        cityOs.jobs().register("child", ctx -> { });
    }

    private static List<Integer> children(CityOs cityOs) {
        List<Integer> out = new ArrayList<>();
        for (Job j : cityOs.jobs().list(Optional.empty(), Optional.of("child"), PageRequest.first(100)).items()) {
            out.add(Integer.parseInt(j.payload().replaceAll("\\D", "")));
        }
        return out;
    }

    private static List<JobId> parents(CityOs cityOs, int n) {
        List<JobId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(cityOs.jobs().enqueue(NewJob.of("parent", new N(i))));
        }
        return ids;
    }

    private static Set<DSLContext> identitySet() {
        return java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    @BothDatabases
    void a_batch_shares_one_transaction_and_a_failing_job_is_rolled_back_alone(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        Outcomes outcomes = new Outcomes();
        cityOs.operations().addRecorder(outcomes);
        AtomicInteger runs = new AtomicInteger();
        Set<DSLContext> txs = identitySet();
        registerParent(cityOs, runs, txs, 2);
        List<JobId> ids = parents(cityOs, 5);

        List<Job> batch = JobsTestSupport.claimAndAbandon(cityOs, "w", 10);
        assertThat(cityOs.jobs().engine().runBatch(batch, WIDE, () -> true)).isEqualTo(5);

        assertThat(runs).hasValue(5);
        assertThat(txs).hasSize(1); // one transaction for the five
        assertThat(children(cityOs)).containsExactlyInAnyOrder(0, 1, 3, 4); // the failing one's work is gone
        for (int i = 0; i < 5; i++) {
            Job j = cityOs.jobs().require(ids.get(i));
            assertThat(j.status()).isEqualTo(i == 2 ? JobStatus.FAILED : JobStatus.SUCCEEDED);
            assertThat(j.lockedBy()).isEmpty();
        }
        assertThat(cityOs.jobs().require(ids.get(2)).lastError()).hasValueSatisfying(
                e -> assertThat(e).contains("parent 2 fails"));
        assertThat(outcomes.seen).filteredOn(s -> s.startsWith("parent:"))
                .containsExactlyInAnyOrder("parent:succeeded", "parent:succeeded", "parent:failed",
                        "parent:succeeded", "parent:succeeded");
    }

    @BothDatabases
    void a_zero_commit_window_gives_each_job_its_own_transaction(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        AtomicInteger runs = new AtomicInteger();
        Set<DSLContext> txs = identitySet();
        registerParent(cityOs, runs, txs, -1);
        parents(cityOs, 3);
        List<Job> batch = JobsTestSupport.claimAndAbandon(cityOs, "w", 10);
        assertThat(cityOs.jobs().engine().runBatch(batch, Duration.ZERO, () -> true)).isEqualTo(3);
        assertThat(txs).hasSize(3);
        assertThat(children(cityOs)).containsExactlyInAnyOrder(0, 1, 2);
    }

    @BothDatabases
    void a_group_with_a_lost_lease_commits_nothing_and_runs_each_job_again_on_its_own(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        Outcomes outcomes = new Outcomes();
        cityOs.operations().addRecorder(outcomes);
        AtomicInteger runs = new AtomicInteger();
        registerParent(cityOs, runs, identitySet(), -1);
        List<JobId> ids = parents(cityOs, 3);
        // job 0 is claimed first and its heartbeat goes stale; 1 and 2 are claimed later
        List<Job> batch = new ArrayList<>(JobsTestSupport.claimAndAbandon(cityOs, "slow", 1));
        clock.advance(Duration.ofMinutes(3));
        batch.addAll(JobsTestSupport.claimAndAbandon(cityOs, "slow", 2));
        assertThat(JobsTestSupport.releaseStale(cityOs, Duration.ofMinutes(2))).isEqualTo(1);

        assertThat(cityOs.jobs().engine().runBatch(batch, WIDE, () -> true)).isEqualTo(3);
        // the group ran all three (3), its completion matched two leases of three: it rolled back,
        // and each job ran again on its own (3): job 0's lease is gone, so its work rolled back again
        assertThat(runs).hasValue(6);
        assertThat(children(cityOs)).containsExactlyInAnyOrder(1, 2);
        assertThat(cityOs.jobs().require(ids.get(0)).status()).isEqualTo(JobStatus.FAILED);
        assertThat(cityOs.jobs().require(ids.get(1)).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(cityOs.jobs().require(ids.get(2)).status()).isEqualTo(JobStatus.SUCCEEDED);
        // counted once per attempt, as committed: nothing for the rolled-back group
        assertThat(outcomes.seen).filteredOn(s -> s.startsWith("parent:"))
                .containsExactlyInAnyOrder("parent:lease_lost", "parent:succeeded", "parent:succeeded");

        // the released job is not lost: it runs again and its work commits once
        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(cityOs.jobs().require(ids.get(0)).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(children(cityOs)).containsExactlyInAnyOrder(0, 1, 2);
    }

    @BothDatabases
    void a_handler_that_breaks_the_transaction_costs_its_group_a_rerun_and_nothing_is_marked_without_its_work(
            TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
        cityOs.jobs().register("parent", ctx -> {
            int n = ctx.payload(N.class).n();
            runs.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
            cityOs.jobs().enqueue(ctx.tx(), NewJob.of("child", new N(n)));
            if (n == 1) {
                try {
                    ctx.tx().execute("select * from no_such_table");
                } catch (DataAccessException swallowed) {
                    // on PostgreSQL the transaction is now aborted, and this handler hides it
                }
            }
        });
        cityOs.jobs().register("child", ctx -> { });
        List<JobId> ids = parents(cityOs, 3);
        List<Job> batch = JobsTestSupport.claimAndAbandon(cityOs, "w", 10);
        assertThat(cityOs.jobs().engine().runBatch(batch, WIDE, () -> true)).isEqualTo(3);

        boolean postgres = db.kind() == DatabaseKind.POSTGRES;
        // every succeeded job's work committed exactly once; on H2 a failed statement does not abort the transaction
        for (int i = 0; i < 3; i++) {
            Job j = cityOs.jobs().require(ids.get(i));
            boolean broken = postgres && i == 1;
            assertThat(j.status()).isEqualTo(broken ? JobStatus.FAILED : JobStatus.SUCCEEDED);
            assertThat(runs.get(i)).hasValue(postgres ? 2 : 1);
        }
        assertThat(children(cityOs)).containsExactlyInAnyOrderElementsOf(postgres ? List.of(0, 2) : List.of(0, 1, 2));
        if (postgres) {
            assertThat(cityOs.jobs().require(ids.get(1)).lastError()).isPresent();
        }
    }

    @BothDatabases
    void groups_follow_the_tenant_and_each_handler_gets_its_own_tenant(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        TenantId t1 = f.tenant("t1").id();
        TenantId t2 = f.tenant("t2").id();
        Set<DSLContext> txs = identitySet();
        List<String> seen = new CopyOnWriteArrayList<>();
        f.cityOs.jobs().register("who", ctx -> {
            txs.add(ctx.tx());
            seen.add(ctx.payload(N.class).n() + "=" + ctx.tenant().map(t -> t.tenant().equals(t1) ? "t1" : "t2")
                    .orElse("none"));
        });
        f.cityOs.jobs().enqueue(NewJob.of("who", new N(0)).withTenant(t1));
        f.cityOs.jobs().enqueue(NewJob.of("who", new N(1)).withTenant(t1));
        f.cityOs.jobs().enqueue(NewJob.of("who", new N(2)).withTenant(t2));
        f.cityOs.jobs().enqueue(NewJob.of("who", new N(3)));
        List<Job> batch = JobsTestSupport.claimAndAbandon(f.cityOs, "w", 10);
        assertThat(f.cityOs.jobs().engine().runBatch(batch, WIDE, () -> true)).isEqualTo(4);
        assertThat(seen).containsExactly("0=t1", "1=t1", "2=t2", "3=none");
        assertThat(txs).hasSize(3);
    }

    @BothDatabases
    void a_stop_between_jobs_commits_the_finished_ones_and_leaves_the_rest_unstarted(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        AtomicInteger runs = new AtomicInteger();
        registerParent(cityOs, runs, identitySet(), -1);
        List<JobId> ids = parents(cityOs, 4);
        List<Job> batch = JobsTestSupport.claimAndAbandon(cityOs, "w", 10);
        // stop once two have run: the group commits those two, the others are not started
        int ran = cityOs.jobs().engine().runBatch(batch, WIDE, () -> runs.get() < 2);
        assertThat(ran).isEqualTo(2);
        assertThat(cityOs.jobs().engine().release(batch.subList(ran, batch.size()))).isEqualTo(2);
        assertThat(children(cityOs)).containsExactlyInAnyOrder(0, 1);
        assertThat(cityOs.jobs().require(ids.get(2)).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(cityOs.jobs().require(ids.get(2)).attempts()).isZero();
        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(children(cityOs)).containsExactlyInAnyOrder(0, 1, 2, 3);
    }
}
