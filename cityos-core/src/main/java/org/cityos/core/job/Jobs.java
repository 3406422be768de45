package org.cityos.core.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.internal.Db;
import org.cityos.core.job.internal.JobEngine;
import org.cityos.core.job.internal.JobRegistry;
import org.cityos.core.job.internal.JobRepository;
import org.cityos.core.ops.MetricsRecorder;
import org.jooq.DSLContext;

/**
 * The durable job queue of one namespace: register handlers by type, enqueue jobs (in the
 * caller's transaction or in one of their own), manage recurring schedules, and the operations
 * on failed and dead jobs (list, retry, discard). {@link JobWorkers} run the jobs. The queue is
 * platform data: these operations take no tenant, and a job's tenant is one of its columns.
 */
public final class Jobs {
    private final Db db;
    private final JobRegistry registry;
    private final JobRepository repo;
    private final JobEngine engine;

    /**
     * For {@code CityOs}: the queue of {@code namespace} on {@code db} with the shared handler
     * registry, telling {@code recorder} how each job attempt ends.
     */
    public Jobs(Db db, JobRegistry registry, String namespace, MetricsRecorder recorder) {
        this.db = db;
        this.registry = registry;
        this.repo = new JobRepository(namespace);
        this.engine = new JobEngine(db, registry, repo, recorder);
    }

    /** The namespace this queue's jobs and schedules live in. */
    public String namespace() {
        return repo.namespace();
    }

    /**
     * Registers the handler of jobs of {@code type} on this node, retried with the default
     * policy; {@code conflict} if the type has one already.
     */
    public void register(String type, JobHandler handler) {
        register(type, handler, RetryPolicy.DEFAULT);
    }

    /** Registers the handler of jobs of {@code type} with its retry policy. */
    public void register(String type, JobHandler handler, RetryPolicy retry) {
        NewJob.of(type, null); // validates the type
        registry.register(type, handler, retry);
    }

    /** Enqueues a job in a transaction of its own; returns its id (the existing one for a known idempotency key). */
    public JobId enqueue(NewJob job) {
        Objects.requireNonNull(job, "job");
        return db.platform(tx -> enqueue(tx, job));
    }

    /**
     * Enqueues a job in the caller's transaction {@code tx}, so it exists only if that transaction
     * commits; returns its id (the existing one for a known idempotency key).
     */
    public JobId enqueue(DSLContext tx, NewJob job) {
        Objects.requireNonNull(job, "job");
        return repo.insert(tx, job, Ids.next(db.clock()), engine.now());
    }

    /**
     * Enqueues many jobs in one statement in a transaction of their own; none may carry an
     * idempotency key (use {@link #enqueue(NewJob)} for those).
     */
    public List<JobId> enqueueAll(List<NewJob> jobs) {
        List<UUID> ids = new ArrayList<>(jobs.size());
        for (NewJob j : jobs) {
            if (j.idempotencyKey().isPresent()) {
                throw CityOsException.invalid("job idempotency key", j.idempotencyKey().get(),
                        "is not allowed in enqueueAll: enqueue such jobs one by one");
            }
            ids.add(Ids.next(db.clock()));
        }
        Instant now = engine.now();
        for (int from = 0; from < jobs.size(); from += 1000) {
            int to = Math.min(jobs.size(), from + 1000);
            List<NewJob> chunk = jobs.subList(from, to);
            List<UUID> chunkIds = ids.subList(from, to);
            db.platform(tx -> {
                repo.insertAll(tx, chunk, chunkIds, now);
                return null;
            });
        }
        return ids.stream().map(JobId::new).toList();
    }

    /**
     * Enqueues many jobs in one statement in the caller's transaction {@code tx}; a job whose
     * idempotency key exists already fails the statement.
     */
    public List<JobId> enqueueAll(DSLContext tx, List<NewJob> jobs) {
        List<UUID> ids = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            ids.add(Ids.next(db.clock()));
        }
        repo.insertAll(tx, jobs, ids, engine.now());
        return ids.stream().map(JobId::new).toList();
    }

    public Optional<Job> get(JobId id) {
        return db.platform(tx -> repo.get(tx, id));
    }

    /** The job, or {@code not_found} naming the id. */
    public Job require(JobId id) {
        return get(id).orElseThrow(() -> CityOsException.notFound("job", id));
    }

    /** Jobs of this namespace, optionally of one status and type, in enqueue order, keyset-paginated. */
    public Page<Job> list(Optional<JobStatus> status, Optional<String> type, PageRequest page) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<Job> rows = db.platform(tx -> repo.list(tx, status, type, after, page.limit() + 1));
        return Page.of(rows, page.limit(), x -> x.id().toString());
    }

    /** The dead jobs (attempts exhausted), oldest first. */
    public Page<Job> dead(PageRequest page) {
        return list(Optional.of(JobStatus.DEAD), Optional.empty(), page);
    }

    /** How many jobs of this namespace are in {@code status}. */
    public int count(JobStatus status) {
        return db.platform(tx -> repo.count(tx, status));
    }

    /**
     * Puts a dead job back in the queue with fresh attempts (or makes a failed one due now);
     * {@code not_found} for an unknown job, {@code conflict} for one in another status.
     */
    public void retry(JobId id) {
        db.platform(tx -> {
            if (repo.retry(tx, id, engine.now()) == 0) {
                Job j = repo.get(tx, id).orElseThrow(() -> CityOsException.notFound("job", id));
                throw CityOsException.conflict("job " + id + " is " + j.status().dbValue()
                        + ": only dead or failed jobs can be retried");
            }
            return null;
        });
    }

    /** Deletes a dead job; {@code not_found} for an unknown job, {@code conflict} for one that is not dead. */
    public void discard(JobId id) {
        db.platform(tx -> {
            if (repo.discard(tx, id) == 0) {
                Job j = repo.get(tx, id).orElseThrow(() -> CityOsException.notFound("job", id));
                throw CityOsException.conflict("job " + id + " is " + j.status().dbValue()
                        + ": only dead jobs can be discarded");
            }
            return null;
        });
    }

    /**
     * Registers (or updates) a recurring schedule. Registering the same definition again, as every
     * node does at start, changes nothing, so restarts keep the next run; a changed definition is
     * due at its first tick from now.
     */
    public void schedule(Schedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        Instant now = engine.now();
        db.platform(tx -> {
            repo.upsertSchedule(tx, schedule, now);
            return null;
        });
    }

    /** Removes a schedule; returns whether it existed. Jobs it enqueued already stay. */
    public boolean unschedule(String name) {
        return db.platform(tx -> repo.deleteSchedule(tx, name)) > 0;
    }

    /** The registered schedules with their next and last runs. */
    public List<ScheduleState> schedules() {
        return db.platform(repo::schedules);
    }

    /**
     * For {@link JobWorkers}, CityOS modules and the testkit: the engine that claims and runs jobs.
     * Not part of the public API; its shape may change.
     */
    public JobEngine engine() {
        return engine;
    }
}
