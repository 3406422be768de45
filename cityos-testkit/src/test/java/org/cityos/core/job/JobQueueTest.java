package org.cityos.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cityos.core.internal.db.Tables.STORE;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Fixtures;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.job.internal.JobEngine;
import org.cityos.core.tenancy.Tenant;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** The durable queue driven synchronously: enqueue, run, retry with backoff, dead letters, order, leases. */
class JobQueueTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    record Greeting(String name) {
    }

    @BothDatabases
    void an_enqueued_job_runs_once_with_its_payload_and_succeeds(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        List<String> seen = new CopyOnWriteArrayList<>();
        cityOs.jobs().register("greet", ctx -> seen.add(ctx.payload(Greeting.class).name() + "#" + ctx.attempt()));
        JobId id = cityOs.jobs().enqueue(NewJob.of("greet", new Greeting("ada")));

        assertThat(cityOs.jobs().require(id).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(1);
        assertThat(seen).containsExactly("ada#1");
        Job done = cityOs.jobs().require(id);
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.lockedBy()).isEmpty();
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isZero();
    }

    @BothDatabases
    void a_second_enqueue_with_the_same_idempotency_key_is_a_no_op(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        AtomicInteger runs = new AtomicInteger();
        cityOs.jobs().register("charge", ctx -> runs.incrementAndGet());
        JobId first = cityOs.jobs().enqueue(NewJob.of("charge", Map.of("order", 1)).withIdempotencyKey("order-1"));
        JobId second = cityOs.jobs().enqueue(NewJob.of("charge", Map.of("order", 1)).withIdempotencyKey("order-1"));
        // also inside a host transaction
        JobId third = cityOs.transaction(tx -> tx.jobs().enqueue(NewJob.of("charge", Map.of()).withIdempotencyKey("order-1")));

        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(runs).hasValue(1);
        // still a no-op once the first has run: the key is spent
        cityOs.jobs().enqueue(NewJob.of("charge", Map.of("order", 1)).withIdempotencyKey("order-1"));
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isZero();
    }

    @BothDatabases
    void a_job_enqueued_in_a_rolled_back_transaction_does_not_exist(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        AtomicInteger runs = new AtomicInteger();
        cityOs.jobs().register("mail", ctx -> runs.incrementAndGet());
        assertThatThrownBy(() -> cityOs.transaction(tx -> {
            tx.jobs().enqueue(NewJob.of("mail", null));
            throw new IllegalStateException("changed my mind");
        })).hasMessage("changed my mind");
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isZero();
        assertThat(runs).hasValue(0);
    }

    @BothDatabases
    void a_failing_job_is_retried_with_backoff_then_dead_with_its_last_error_and_can_be_retried_or_discarded(
            TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        AtomicInteger runs = new AtomicInteger();
        cityOs.jobs().register("flaky", ctx -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom " + ctx.attempt());
        }, RetryPolicy.exponential(Duration.ofSeconds(10), Duration.ofMinutes(1)));
        JobId id = cityOs.jobs().enqueue(NewJob.of("flaky", null).withMaxAttempts(3));

        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(1);
        Job failed = cityOs.jobs().require(id);
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.lastError()).hasValueSatisfying(e -> assertThat(e).contains("boom 1"));
        // full jitter: anywhere from now to the first ceiling (10 s)
        assertThat(failed.runAt()).isBetween(clock.instant(), clock.instant().plusSeconds(10));

        clock.advance(Duration.ofSeconds(10));
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(1);
        Job again = cityOs.jobs().require(id);
        assertThat(again.status()).isEqualTo(JobStatus.FAILED);
        assertThat(again.runAt()).isBetween(clock.instant(), clock.instant().plusSeconds(20));

        clock.advance(Duration.ofSeconds(20));
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(1);
        Job dead = cityOs.jobs().require(id);
        assertThat(dead.status()).isEqualTo(JobStatus.DEAD);
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastError()).hasValueSatisfying(e -> assertThat(e).contains("boom 3"));
        assertThat(cityOs.jobs().dead(PageRequest.first(10)).items()).extracting(Job::id).containsExactly(id);
        clock.advance(Duration.ofHours(1));
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isZero();
        assertThat(runs).hasValue(3);

        cityOs.jobs().retry(id);
        assertThat(cityOs.jobs().require(id).attempts()).isZero();
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(1);
        assertThat(runs).hasValue(4);

        assertThatThrownBy(() -> cityOs.jobs().discard(id)) // failed again, not dead yet
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        clock.advance(Duration.ofHours(1));
        JobsTestSupport.runUntilIdle(cityOs);
        clock.advance(Duration.ofHours(1));
        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(cityOs.jobs().require(id).status()).isEqualTo(JobStatus.DEAD);
        cityOs.jobs().discard(id);
        assertThat(cityOs.jobs().get(id)).isEmpty();
        assertThatThrownBy(() -> cityOs.jobs().retry(id))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @BothDatabases
    void retry_later_sets_the_next_attempt_and_a_delayed_job_waits_for_the_clock(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        cityOs.jobs().register("poll", ctx -> {
            attempts.add(ctx.attempt());
            if (ctx.attempt() == 1) {
                throw new RetryLater("429 Too Many Requests", Duration.ofMinutes(7));
            }
        });
        JobId id = cityOs.jobs().enqueue(NewJob.of("poll", null).withDelay(Duration.ofMinutes(1)));
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(1);
        assertThat(cityOs.jobs().require(id).runAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(7)));
        clock.advance(Duration.ofMinutes(6));
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(1);
        assertThat(attempts).containsExactly(1, 2);
        assertThat(cityOs.jobs().require(id).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @BothDatabases
    void a_job_type_this_node_does_not_know_is_left_for_a_node_that_does(TestDatabase db) {
        CityOs a = db.cityOs(clock);
        CityOs b = db.cityOs(clock);
        AtomicInteger ran = new AtomicInteger();
        a.jobs().register("known.here", ctx -> ran.incrementAndGet());
        b.jobs().register("only.there", ctx -> ran.incrementAndGet());
        JobId other = a.jobs().enqueue(NewJob.of("only.there", null));
        a.jobs().enqueue(NewJob.of("known.here", null));

        assertThat(JobsTestSupport.runUntilIdle(a)).isEqualTo(1);
        Job left = a.jobs().require(other);
        assertThat(left.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(left.attempts()).isZero();
        assertThat(JobsTestSupport.runUntilIdle(b)).isEqualTo(1);
        assertThat(ran).hasValue(2);
    }

    @BothDatabases
    void jobs_with_one_ordering_key_run_one_at_a_time_in_enqueue_order_and_a_stuck_key_blocks_only_itself(
            TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        List<String> order = new CopyOnWriteArrayList<>();
        cityOs.jobs().register("step", ctx -> {
            String s = ctx.payload(Greeting.class).name();
            if (s.equals("a1") && ctx.attempt() < 2) {
                throw new IllegalStateException("a1 fails once");
            }
            if (s.equals("b1")) {
                throw new IllegalStateException("b1 always fails");
            }
            order.add(s);
        }, RetryPolicy.exponential(Duration.ofSeconds(30), Duration.ofSeconds(30)));
        for (String s : List.of("a1", "b1", "a2", "b2", "a3", "c1")) {
            cityOs.jobs().enqueue(NewJob.of("step", new Greeting(s)).withOrderingKey(s.substring(0, 1))
                    .withMaxAttempts(2));
        }
        // claims see only the head of each key: a1 (fails), b1 (fails), c1
        List<Job> heads = JobsTestSupport.claimAndAbandon(cityOs, "probe", 10);
        assertThat(heads).extracting(j -> j.payload()).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("a1")).anySatisfy(p -> assertThat(p).contains("c1"));
        heads.forEach(j -> cityOs.jobs().engine().release(List.of(j)));

        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(order).containsExactly("c1"); // a2 and b2 wait behind their failed heads
        clock.advance(Duration.ofSeconds(30));
        JobsTestSupport.runUntilIdle(cityOs);
        // a1 succeeded on its second attempt and its key went on; b1 is dead (attempt limits hold for
        // ordered jobs too) and no longer blocks b2
        assertThat(order).containsExactlyInAnyOrder("c1", "a1", "a2", "a3", "b2");
        assertThat(order.stream().filter(s -> s.startsWith("a"))).containsExactly("a1", "a2", "a3");
        assertThat(cityOs.jobs().dead(PageRequest.first(10)).items()).extracting(Job::payload)
                .singleElement().asString().contains("b1");
    }

    @BothDatabases
    void a_tenant_job_runs_in_a_transaction_scoped_and_guarded_to_its_tenant(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        Tenant t = f.tenant("t1");
        List<Object> seen = new CopyOnWriteArrayList<>();
        f.cityOs.jobs().register("tenant.work", ctx -> {
            TenantContext tc = ctx.requireTenant();
            seen.add(tc.tenant());
            seen.add(ctx.tx().fetchCount(STORE, STORE.TENANT_ID.eq(tc.tenant().value())));
            try {
                ctx.tx().fetchCount(STORE);
            } catch (CityOsException e) {
                seen.add(e.code());
            }
        });
        f.cityOs.jobs().enqueue(NewJob.of("tenant.work", null).withTenant(t.id()));
        JobsTestSupport.runUntilIdle(f.cityOs);
        assertThat(seen).containsExactly(t.id(), 0, ErrorCode.TENANT_SCOPE_VIOLATION);
    }

    @BothDatabases
    void a_job_whose_worker_stopped_heartbeating_is_released_and_retried(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        AtomicInteger runs = new AtomicInteger();
        cityOs.jobs().register("work", ctx -> runs.incrementAndGet());
        JobId id = cityOs.jobs().enqueue(NewJob.of("work", null));
        List<Job> abandoned = JobsTestSupport.claimAndAbandon(cityOs, "crashed-node", 10);
        assertThat(abandoned).extracting(Job::id).containsExactly(id);
        assertThat(cityOs.jobs().require(id).status()).isEqualTo(JobStatus.RUNNING);

        // within the timeout nothing happens
        clock.advance(Duration.ofSeconds(119));
        assertThat(JobsTestSupport.releaseStale(cityOs, Duration.ofMinutes(2))).isZero();
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isZero();

        clock.advance(Duration.ofSeconds(2));
        assertThat(JobsTestSupport.releaseStale(cityOs, Duration.ofMinutes(2))).isEqualTo(1);
        Job released = cityOs.jobs().require(id);
        assertThat(released.status()).isEqualTo(JobStatus.FAILED);
        assertThat(released.lastError()).hasValueSatisfying(e -> assertThat(e).contains("crashed-node"));
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(1);
        assertThat(runs).hasValue(1);
        Job done = cityOs.jobs().require(id);
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(2);
    }

    @BothDatabases
    void work_of_a_job_that_lost_its_lease_is_rolled_back_with_its_completion(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        AtomicInteger runs = new AtomicInteger();
        // the work is a job enqueued in the handler's transaction: it exists only if the work commits
        cityOs.jobs().register("parent", ctx -> {
            runs.incrementAndGet();
            cityOs.jobs().enqueue(ctx.tx(), NewJob.of("child", Map.of("attempt", ctx.attempt())));
        });
        cityOs.jobs().register("child", ctx -> { });
        JobId id = cityOs.jobs().enqueue(NewJob.of("parent", null));
        Job zombie = JobsTestSupport.claimAndAbandon(cityOs, "slow-node", 1).get(0);
        clock.advance(Duration.ofMinutes(3));
        JobsTestSupport.releaseStale(cityOs, Duration.ofMinutes(2));

        // the slow node wakes up and finishes: its lease is gone, so nothing it did commits
        assertThat(cityOs.jobs().engine().run(zombie)).isEqualTo(JobEngine.Outcome.LEASE_LOST);
        assertThat(cityOs.jobs().list(Optional.empty(), Optional.of("child"), PageRequest.first(10)).items()).isEmpty();

        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(runs).hasValue(2);
        assertThat(cityOs.jobs().require(id).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(cityOs.jobs().list(Optional.empty(), Optional.of("child"), PageRequest.first(10)).items())
                .singleElement().satisfies(j -> assertThat(j.payload()).contains("\"attempt\":2"));
    }

    @BothDatabases
    void namespaces_keep_applications_apart(TestDatabase db) {
        CityOs shop = db.cityOs(clock);
        CityOs other = org.cityos.core.CityOs.builder().dataSource(db.dataSource()).clock(clock)
                .jobNamespace("other-app").migrateOnStart(false).build();
        AtomicInteger shopRuns = new AtomicInteger();
        AtomicInteger otherRuns = new AtomicInteger();
        shop.jobs().register("sync", ctx -> shopRuns.incrementAndGet());
        other.jobs().register("sync", ctx -> otherRuns.incrementAndGet());
        JobId mine = shop.jobs().enqueue(NewJob.of("sync", null).withIdempotencyKey("k"));
        JobId theirs = other.jobs().enqueue(NewJob.of("sync", null).withIdempotencyKey("k"));
        assertThat(theirs).isNotEqualTo(mine);
        assertThat(other.jobs().get(mine)).isEmpty();
        assertThat(JobsTestSupport.runUntilIdle(shop)).isEqualTo(1);
        assertThat(otherRuns).hasValue(0);
        assertThat(JobsTestSupport.runUntilIdle(other)).isEqualTo(1);
        assertThat(shopRuns).hasValue(1);
    }

    @BothDatabases
    void invalid_jobs_are_refused_naming_the_value(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        assertThatThrownBy(() -> NewJob.of("Bad Type", null)).hasMessageContaining("'Bad Type'");
        assertThatThrownBy(() -> NewJob.of("ok", null).withMaxAttempts(0)).hasMessageContaining("max attempts");
        assertThatThrownBy(() -> NewJob.ofJson("ok", "{not json")).hasMessageContaining("is not JSON");
        cityOs.jobs().register("dup", ctx -> { });
        assertThatThrownBy(() -> cityOs.jobs().register("dup", ctx -> { }))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }
}
