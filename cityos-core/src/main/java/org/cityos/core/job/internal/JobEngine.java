package org.cityos.core.job.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims, runs, completes and fails jobs, releases stale ones and fires due schedules (internal;
 * shared by {@code JobWorkers} and the testkit's synchronous drain).
 */
public final class JobEngine {
    private static final Logger LOG = LoggerFactory.getLogger(JobEngine.class);
    private static final int MAX_ERROR = 4000;

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

    /**
     * Runs a claimed job: the handler and the job's completion share one transaction (scoped to the
     * job's tenant, if any); a failure is recorded in a transaction of its own.
     */
    public Outcome run(Job job) {
        JobRegistry.Registration reg = registry.find(job.type()).orElse(null);
        if (reg == null) {
            // claimed only by type, so this is a handler removed since: give it back untouched
            release(List.of(job));
            return Outcome.LEASE_LOST;
        }
        // every line logged while the job runs (the handler's too) names its tenant, id and type
        try (LogKeys.Restore mdc = LogKeys.put(LogKeys.TENANT, job.tenant().map(Object::toString).orElse(null),
                LogKeys.JOB, job.id().toString(), LogKeys.JOB_TYPE, job.type())) {
            long started = System.nanoTime();
            Outcome outcome = runClaimed(reg, job);
            recordOutcome(job, outcome, Duration.ofNanos(System.nanoTime() - started));
            return outcome;
        }
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

    private Outcome runClaimed(JobRegistry.Registration reg, Job job) {
        Optional<TenantContext> tenant = job.tenant().map(t -> TenantContext.system(t, "jobs"));
        try {
            boolean completed = tenant.isPresent()
                    ? db.tenant(tenant.get(), tx -> attempt(reg, job, tenant, tx))
                    : db.platform(tx -> attempt(reg, job, tenant, tx));
            if (!completed) {
                LOG.debug("job {} ({}) lost its lease while running; its work was rolled back", job.id(), job.type());
                return Outcome.LEASE_LOST;
            }
            return Outcome.SUCCEEDED;
        } catch (LeaseLost e) {
            LOG.debug("job {} ({}) lost its lease while running; its work was rolled back", job.id(), job.type());
            return Outcome.LEASE_LOST;
        } catch (RuntimeException | Error e) {
            return fail(reg, job, e);
        }
    }

    private boolean attempt(JobRegistry.Registration reg, Job job, Optional<TenantContext> tenant,
                            org.jooq.DSLContext tx) {
        try {
            reg.handler().handle(new JobContext(job, job.attempts(), tenant, tx, db.clock()));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new HandlerFailed(e);
        }
        if (repo.complete(tx, job, now()) != 1) {
            throw new LeaseLost(); // roll the work back: another worker owns the job now
        }
        return true;
    }

    private Outcome fail(JobRegistry.Registration reg, Job job, Throwable e) {
        Throwable cause = e instanceof HandlerFailed ? e.getCause() : e;
        boolean dead = job.attempts() >= job.maxAttempts();
        Duration delay = cause instanceof RetryLater later ? later.delay()
                : reg.retry().delay(job.attempts(), ThreadLocalRandom.current());
        Instant now = now();
        String error = describe(cause);
        int n = db.platform(tx -> repo.fail(tx, job, dead, now.plus(delay), error, now));
        if (n == 0) {
            return Outcome.LEASE_LOST;
        }
        if (dead) {
            LOG.warn("job {} ({}) is dead after {} attempt(s): {}", job.id(), job.type(), job.attempts(),
                    Values.neutralise(error));
        } else {
            LOG.debug("job {} ({}) attempt {} failed, retrying in {}: {}", job.id(), job.type(), job.attempts(), delay,
                    Values.neutralise(error));
        }
        return dead ? Outcome.DEAD : Outcome.FAILED;
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

    /** A checked exception from a handler, carried through the transaction. */
    private static final class HandlerFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HandlerFailed(Exception cause) {
            super(cause);
        }
    }

    private static final class LeaseLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }
}
