package org.cityos.core.job.internal;

import java.time.Duration;
import java.time.Instant;
import java.sql.Connection;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.core.event.Events;
import org.cityos.core.internal.Db;
import org.cityos.core.job.Job;
import org.cityos.core.job.JobContext;
import org.cityos.core.job.MisfirePolicy;
import org.cityos.core.job.NewJob;
import org.cityos.core.job.RetryLater;
import org.cityos.core.job.ScheduleState;
import org.cityos.core.ops.CoreMetrics;
import org.cityos.core.ops.LogKeys;
import org.cityos.core.ops.MetricsRecorder;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims, runs, completes and fails jobs, releases stale ones and fires due schedules (internal;
 * shared by {@code JobWorkers} and the testkit's synchronous drain).
 */
public final class JobEngine {
    private static final Logger LOG = LoggerFactory.getLogger(JobEngine.class);
    private static final int MAX_ERROR = 4000;
    /**
     * Most jobs one transaction runs: each that touches the database is a PostgreSQL
     * subtransaction, and more than 64 in one transaction overflow its per-backend cache.
     */
    private static final int MAX_GROUP = 50;

    /** What running one claimed job came to. */
    public enum Outcome { SUCCEEDED, FAILED, DEAD, LEASE_LOST }

    private final Db db;
    private final JobRegistry registry;
    private final JobRepository repo;
    private final MetricsRecorder recorder;

    public JobEngine(Db db, JobRegistry registry, JobRepository repo, MetricsRecorder recorder) {
        this.db = db;
        this.registry = registry;
        this.repo = repo;
        this.recorder = recorder;
    }

    public JobRegistry registry() {
        return registry;
    }

    public JobRepository repository() {
        return repo;
    }

    /** The clock's now, to the millisecond (what both databases store exactly). */
    public Instant now() {
        return db.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Claims up to {@code limit} due jobs of the types this node knows. */
    public List<Job> claim(String worker, int limit) {
        List<String> types = registry.types();
        if (types.isEmpty()) {
            return List.of();
        }
        Instant now = now();
        return db.platform(tx -> repo.claim(tx, types, worker, limit, now));
    }

    /** Runs one claimed job in a transaction of its own; {@code null} when its outcome could not be recorded. */
    public Outcome run(Job job) {
        List<Outcome> out = new ArrayList<>(1);
        runBatch(List.of(job), Duration.ZERO, () -> true, out);
        return out.get(0);
    }

    /**
     * Runs claimed jobs in their order while {@code go} holds; returns how many were run (the
     * others were not started: the caller gives them back). Consecutive jobs of one tenant share a
     * transaction (scoped to that tenant, if any) for as long as {@code window} since its first job
     * started, at most 50 jobs: each job's handler runs behind a savepoint of its own, set when it
     * first asks for {@link JobContext#tx()}, so a failing job's work is rolled back alone and its
     * failure recorded in the same transaction; the succeeded jobs are then marked succeeded by one
     * statement fenced by their leases and commit with their work. If the group's transaction fails
     * as a whole (a lease was lost, the commit failed, a handler broke the transaction), nothing of
     * it committed, and each of its jobs runs again in a transaction of its own: at least once.
     * {@code Duration.ZERO}: one transaction per job.
     */
    public int runBatch(List<Job> batch, Duration window, BooleanSupplier go) {
        return runBatch(batch, window, go, null);
    }

    private int runBatch(List<Job> batch, Duration window, BooleanSupplier go, List<Outcome> outcomes) {
        int i = 0;
        while (i < batch.size() && go.getAsBoolean()) {
            List<Ran> ran;
            if (registry.find(batch.get(i).type()).isEmpty()) {
                // claimed only by type, so this is a handler removed since: give it back untouched
                release(List.of(batch.get(i)));
                ran = List.of(new Ran(batch.get(i), Outcome.LEASE_LOST, 0, null));
            } else {
                ran = runGroup(batch, i, window, go);
            }
            for (Ran r : ran) {
                report(r);
                if (outcomes != null) {
                    outcomes.add(r.outcome());
                }
            }
            i += ran.size();
        }
        return i;
    }

    /** Runs jobs from {@code from} in one transaction; when it fails as a whole, one transaction per job. */
    private List<Ran> runGroup(List<Job> batch, int from, Duration window, BooleanSupplier go) {
        Job first = batch.get(from);
        Optional<TenantContext> tenant = first.tenant().map(t -> TenantContext.system(t, "jobs"));
        List<Ran> ran = new ArrayList<>();
        try {
            if (tenant.isPresent()) {
                db.tenant(tenant.get(), tx -> group(tx, tenant, batch, from, window, go, ran));
            } else {
                db.platform(tx -> group(tx, tenant, batch, from, window, go, ran));
            }
            return ran;
        } catch (RuntimeException | Error e) {
            if (ran.size() > 1) {
                // nothing of the group committed: run each of its jobs again on its own
                List<Ran> again = new ArrayList<>(ran.size());
                for (Ran r : ran) {
                    again.addAll(runGroup(List.of(r.job()), 0, Duration.ZERO, () -> true));
                }
                return again;
            }
            Job job = ran.isEmpty() ? first : ran.get(0).job();
            long took = ran.isEmpty() ? 0 : ran.get(0).nanos();
            if (e instanceof LeaseLost) {
                return List.of(new Ran(job, Outcome.LEASE_LOST, took, null));
            }
            // the job's transaction failed (its commit, or a handler left it unusable): record the attempt apart
            Ran failed = failure(job, registry.find(job.type()).orElseThrow(), e, took);
            try {
                Instant now = now();
                int n = db.platform(tx -> recordFailure(tx, failed, now));
                return List.of(n == 0 ? new Ran(job, Outcome.LEASE_LOST, took, null) : failed);
            } catch (RuntimeException again) {
                // the database is gone? the lease expires and the job is retried
                LOG.warn("job {} ({}) could not be recorded: {}", job.id(), job.type(), again.toString());
                return List.of(new Ran(job, null, took, null));
            }
        }
    }

    private Void group(DSLContext tx, Optional<TenantContext> tenant, List<Job> batch, int from, Duration window,
                       BooleanSupplier go, List<Ran> ran) {
        long opened = System.nanoTime();
        List<Job> succeeded = new ArrayList<>();
        for (int i = from; i < batch.size() && ran.size() < MAX_GROUP; i++) {
            Job job = batch.get(i);
            JobRegistry.Registration reg = registry.find(job.type()).orElse(null);
            if (i > from && (reg == null || !job.tenant().equals(batch.get(from).tenant())
                    || System.nanoTime() - opened >= window.toNanos() || !go.getAsBoolean())) {
                break;
            }
            Savepoint sp = new Savepoint(tx);
            long started = System.nanoTime();
            // every line logged while the job runs (the handler's too) names its tenant, id and type
            try (LogKeys.Restore mdc = LogKeys.put(LogKeys.TENANT, job.tenant().map(Object::toString).orElse(null),
                    LogKeys.JOB, job.id().toString(), LogKeys.JOB_TYPE, job.type())) {
                reg.handler().handle(new JobContext(job, job.attempts(), tenant, sp, db.clock()));
                ran.add(new Ran(job, Outcome.SUCCEEDED, System.nanoTime() - started, null));
                succeeded.add(job);
            } catch (Exception | Error e) {
                long took = System.nanoTime() - started;
                // listed first: if undoing or recording the failure throws, the group runs again job by job
                ran.add(new Ran(job, Outcome.LEASE_LOST, took, null));
                sp.rollback();
                Ran failed = failure(job, reg, e, took);
                ran.set(ran.size() - 1, recordFailure(tx, failed, now()) == 0
                        ? new Ran(job, Outcome.LEASE_LOST, took, null) : failed);
            }
        }
        if (repo.complete(tx, succeeded, now()) != succeeded.size()) {
            throw new LeaseLost(); // roll the work back: another worker owns one of the jobs now
        }
        return null;
    }

    private Ran failure(Job job, JobRegistry.Registration reg, Throwable e, long took) {
        boolean dead = job.attempts() >= job.maxAttempts();
        Duration delay = e instanceof RetryLater later ? later.delay()
                : reg.retry().delay(job.attempts(), ThreadLocalRandom.current());
        return new Ran(job, dead ? Outcome.DEAD : Outcome.FAILED, took, new Failure(describe(e), delay));
    }

    /** Records a failed attempt under the job's lease: {@code failed} due after its delay, or {@code dead}. */
    private int recordFailure(DSLContext tx, Ran failed, Instant now) {
        return repo.fail(tx, failed.job(), failed.outcome() == Outcome.DEAD, now.plus(failed.failure().delay()),
                failed.failure().error(), now);
    }

    /** Logs and counts an attempt once its transaction committed. */
    private void report(Ran r) {
        Job job = r.job();
        if (r.outcome() == null) {
            return;
        }
        if (r.outcome() == Outcome.LEASE_LOST) {
            LOG.debug("job {} ({}) lost its lease while running; its work was rolled back", job.id(), job.type());
        } else if (r.outcome() == Outcome.DEAD) {
            LOG.warn("job {} ({}) is dead after {} attempt(s): {}", job.id(), job.type(), job.attempts(),
                    Values.neutralise(r.failure().error()));
        } else if (r.outcome() == Outcome.FAILED) {
            LOG.debug("job {} ({}) attempt {} failed, retrying in {}: {}", job.id(), job.type(), job.attempts(),
                    r.failure().delay(), Values.neutralise(r.failure().error()));
        }
        recordOutcome(job, r.outcome(), Duration.ofNanos(r.nanos()));
    }

    private void recordOutcome(Job job, Outcome outcome, Duration took) {
        String result = outcome.name().toLowerCase(java.util.Locale.ROOT);
        Map<String, String> tags = Map.of("queue", repo.namespace(), "type", job.type(), "outcome", result);
        recorder.increment(CoreMetrics.JOBS_EXECUTED, tags);
        recorder.record(CoreMetrics.JOBS_DURATION, tags, took);
        if (job.type().startsWith(Events.DELIVERY_JOB_PREFIX)) {
            recorder.increment(CoreMetrics.OUTBOX_DELIVERIES, Map.of("queue", repo.namespace(),
                    "subscriber", job.type().substring(Events.DELIVERY_JOB_PREFIX.length()), "outcome", result));
        }
    }

    /** What one attempt came to: {@code outcome} null when it could not be recorded. */
    private record Ran(Job job, Outcome outcome, long nanos, Failure failure) {
    }

    private record Failure(String error, Duration delay) {
    }

    /**
     * A job's savepoint in its group's transaction, set when the handler first asks for the
     * transaction (a handler that never does costs no statement) and rolled back if it fails.
     */
    private static final class Savepoint implements Supplier<DSLContext> {
        private final DSLContext tx;
        private java.sql.Savepoint savepoint;

        Savepoint(DSLContext tx) {
            this.tx = tx;
        }

        @Override
        public DSLContext get() {
            if (savepoint == null) {
                savepoint = tx.connectionResult(Connection::setSavepoint);
            }
            return tx;
        }

        void rollback() {
            if (savepoint != null) {
                tx.connection(c -> c.rollback(savepoint));
            }
        }
    }

    private static String describe(Throwable t) {
        String s = t.getClass().getName() + ": " + t.getMessage();
        return s.length() > MAX_ERROR ? s.substring(0, MAX_ERROR) : s;
    }

    /** Gives claimed jobs back as they were (the attempt does not count). */
    public int release(Collection<Job> jobs) {
        if (jobs.isEmpty()) {
            return 0;
        }
        Instant now = now();
        return db.platform(tx -> repo.release(tx, jobs, now));
    }

    /** Releases whatever of {@code ids} is still held by {@code worker} (shutdown past its timeout). */
    public int releaseHeldBy(String worker, Collection<UUID> ids) {
        Instant now = now();
        return db.platform(tx -> repo.releaseHeldBy(tx, worker, ids, now));
    }

    public int heartbeat(String worker, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        Instant now = now();
        return db.platform(tx -> repo.heartbeat(tx, worker, ids, now));
    }

    /** Releases the running jobs whose worker stopped heartbeating longer than {@code timeout} ago. */
    public int reapStale(Duration timeout) {
        Instant now = now();
        int n = db.platform(tx -> repo.reapStale(tx, now.minus(timeout), now));
        if (n > 0) {
            LOG.info("released {} job(s) whose worker stopped heartbeating for more than {}", n, timeout);
        }
        return n;
    }

    /**
     * Fires the schedules that are due: each tick is taken by one conditional UPDATE of its
     * {@code next_run_at}, in the same transaction as the job it enqueues (whose idempotency key
     * names the tick), so a tick fires once however many nodes poll. Returns the jobs enqueued.
     */
    public int fireDueSchedules() {
        Instant now = now();
        List<ScheduleState> due = db.platform(tx -> repo.dueSchedules(tx, now));
        int fired = 0;
        for (ScheduleState s : due) {
            Instant tick = s.nextRunAt();
            boolean late = Duration.between(tick, now).compareTo(s.schedule().misfireGrace()) > 0;
            boolean fire = !late || s.schedule().misfire() == MisfirePolicy.FIRE_ONCE_NOW;
            Instant next = s.schedule().nextAfter(tick);
            if (!next.isAfter(now)) {
                next = s.schedule().nextAfter(now); // several ticks missed: they fire (at most) once, above
            }
            Instant nextTick = next;
            boolean won = db.platform(tx -> {
                if (repo.advanceSchedule(tx, s.schedule().name(), tick, nextTick, fire ? now : null, now) != 1) {
                    return false;
                }
                if (fire) {
                    NewJob job = new NewJob(s.schedule().jobType(), s.schedule().payload(), s.schedule().tenant(),
                            Optional.empty(), Optional.empty(), s.schedule().maxAttempts(),
                            Optional.of("schedule:" + s.schedule().name() + ":" + tick.toEpochMilli()),
                            Optional.empty());
                    repo.insert(tx, job, JobRepository.newId(db.clock()), now);
                }
                return true;
            });
            if (won && fire) {
                fired++;
            } else if (won) {
                LOG.info("schedule {} skipped its tick of {} ({} late, misfire policy {})", s.schedule().name(), tick,
                        Duration.between(tick, now), s.schedule().misfire());
            }
        }
        return fired;
    }

    private static final class LeaseLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }
}
