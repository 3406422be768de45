package org.cityos.core.job.internal;

import static org.cityos.core.internal.db.Tables.JOB;
import static org.cityos.core.internal.db.Tables.JOB_SCHEDULE;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.Ids;
import org.cityos.core.TenantId;
import org.cityos.core.internal.db.tables.records.JobRecord;
import org.cityos.core.internal.db.tables.records.JobScheduleRecord;
import org.cityos.core.job.CronExpression;
import org.cityos.core.job.Job;
import org.cityos.core.job.JobId;
import org.cityos.core.job.JobStatus;
import org.cityos.core.job.MisfirePolicy;
import org.cityos.core.job.NewJob;
import org.cityos.core.job.Schedule;
import org.cityos.core.job.ScheduleState;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

/** All SQL of the job queue and the schedules (internal). Every statement is confined to one namespace. */
public final class JobRepository {
    static final String QUEUED = JobStatus.QUEUED.dbValue();
    static final String RUNNING = JobStatus.RUNNING.dbValue();
    static final String FAILED = JobStatus.FAILED.dbValue();
    static final String SUCCEEDED = JobStatus.SUCCEEDED.dbValue();
    static final String DEAD = JobStatus.DEAD.dbValue();
    private static final org.cityos.core.internal.db.tables.Job PRIOR = JOB.as("prior");

    private final String namespace;

    public JobRepository(String namespace) {
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }

    static OffsetDateTime odt(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private JobRecord record(DSLContext tx, NewJob j, UUID id, Instant now) {
        Instant runAt = j.runAt().orElseGet(() -> now.plus(j.delay().orElse(Duration.ZERO)));
        JobRecord r = tx.newRecord(JOB);
        r.setId(id);
        r.setNamespace(namespace);
        r.setJobType(j.type());
        r.setPayload(j.payload());
        r.setTenantId(j.tenant().map(TenantId::value).orElse(null));
        r.setStatus(QUEUED);
        r.setRunAt(odt(runAt));
        r.setAttempts(0);
        r.setMaxAttempts(j.maxAttempts());
        r.setIdempotencyKey(j.idempotencyKey().orElse(null));
        r.setOrderingKey(j.orderingKey().orElse(null));
        r.setCreatedAt(odt(now));
        r.setUpdatedAt(odt(now));
        return r;
    }

    /** Inserts a job; with an idempotency key that exists already, inserts nothing and returns the existing id. */
    public JobId insert(DSLContext tx, NewJob j, UUID id, Instant now) {
        JobRecord r = record(tx, j, id, now);
        if (j.idempotencyKey().isEmpty()) {
            tx.insertInto(JOB).set(r).execute();
            return new JobId(id);
        }
        int n;
        try {
            n = tx.insertInto(JOB).set(r).onConflict(JOB.NAMESPACE, JOB.IDEMPOTENCY_KEY).doNothing().execute();
        } catch (IntegrityConstraintViolationException e) {
            n = 0; // a concurrent insert of the same key won the race (H2's MERGE emulation)
        }
        if (n == 1) {
            return new JobId(id);
        }
        return new JobId(tx.select(JOB.ID).from(JOB)
                .where(JOB.NAMESPACE.eq(namespace), JOB.IDEMPOTENCY_KEY.eq(j.idempotencyKey().get()))
                .fetchOne(JOB.ID));
    }

    /** Inserts jobs in one multi-row statement; they must not carry idempotency keys that may exist. */
    public void insertAll(DSLContext tx, List<NewJob> jobs, List<UUID> ids, Instant now) {
        if (jobs.isEmpty()) {
            return;
        }
        var insert = tx.insertInto(JOB).set(record(tx, jobs.get(0), ids.get(0), now));
        for (int i = 1; i < jobs.size(); i++) {
            insert = insert.newRecord().set(record(tx, jobs.get(i), ids.get(i), now));
        }
        insert.execute();
    }

    /**
     * Claims up to {@code limit} due jobs of the given types for {@code worker}: locks them with
     * {@code FOR UPDATE SKIP LOCKED} (PostgreSQL, and H2 2.x which has it too), marks them running
     * with a fresh heartbeat and counts the attempt. A job with an ordering key is due only when no
     * earlier job with that key is pending and none is running.
     */
    public List<Job> claim(DSLContext tx, Collection<String> types, String worker, int limit, Instant now) {
        if (types.isEmpty()) {
            return List.of();
        }
        Condition orderFree = JOB.ORDERING_KEY.isNull().or(DSL.notExists(DSL.selectOne().from(PRIOR).where(
                PRIOR.NAMESPACE.eq(namespace),
                PRIOR.ORDERING_KEY.eq(JOB.ORDERING_KEY),
                PRIOR.ID.ne(JOB.ID),
                PRIOR.STATUS.eq(RUNNING).or(PRIOR.ID.lt(JOB.ID).and(PRIOR.STATUS.in(QUEUED, FAILED))))));
        List<JobRecord> due = tx.selectFrom(JOB)
                // statuses inlined, so that every plan (a prepared statement's generic one too) may use
                // PostgreSQL's partial index of pending jobs, which is in claim order
                .where(JOB.NAMESPACE.eq(namespace), JOB.STATUS.in(DSL.inline(QUEUED), DSL.inline(FAILED)),
                        JOB.RUN_AT.le(odt(now)),
                        JOB.JOB_TYPE.in(types), orderFree)
                .orderBy(JOB.RUN_AT, JOB.ID)
                .limit(limit)
                .forUpdate().skipLocked()
                .fetch();
        if (due.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = new ArrayList<>(due.size());
        for (JobRecord r : due) {
            ids.add(r.getId());
        }
        tx.update(JOB).set(JOB.STATUS, RUNNING).set(JOB.LOCKED_BY, worker).set(JOB.HEARTBEAT_AT, odt(now))
                .set(JOB.ATTEMPTS, JOB.ATTEMPTS.plus(1)).set(JOB.UPDATED_AT, odt(now))
                .where(JOB.ID.in(ids)).execute();
        List<Job> out = new ArrayList<>(due.size());
        for (JobRecord r : due) {
            r.setStatus(RUNNING);
            r.setLockedBy(worker);
            r.setHeartbeatAt(odt(now));
            r.setAttempts(r.getAttempts() + 1);
            r.setUpdatedAt(odt(now));
            out.add(toJob(r));
        }
        return out;
    }

    /**
     * Marks claimed jobs succeeded in one statement, each fenced by its lease (worker and attempt);
     * returns how many matched, fewer than {@code jobs} when a lease was lost.
     */
    public int complete(DSLContext tx, Collection<Job> jobs, Instant now) {
        if (jobs.isEmpty()) {
            return 0;
        }
        List<UUID> ids = new ArrayList<>(jobs.size());
        List<org.jooq.Row3<UUID, String, Integer>> leases = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            ids.add(job.id().value());
            leases.add(DSL.row(job.id().value(), job.lockedBy().orElse(""), job.attempts()));
        }
        return tx.update(JOB).set(JOB.STATUS, SUCCEEDED).set(JOB.LOCKED_BY, (String) null)
                .set(JOB.HEARTBEAT_AT, (OffsetDateTime) null).set(JOB.UPDATED_AT, odt(now))
                .where(JOB.ID.in(ids), JOB.STATUS.eq(RUNNING),
                        DSL.row(JOB.ID, JOB.LOCKED_BY, JOB.ATTEMPTS).in(leases))
                .execute();
    }

    /** Records a failed attempt: {@code failed} due at {@code retryAt}, or {@code dead}. */
    public int fail(DSLContext tx, Job job, boolean dead, Instant retryAt, String error, Instant now) {
        return tx.update(JOB).set(JOB.STATUS, dead ? DEAD : FAILED)
                .set(JOB.RUN_AT, dead ? JOB.RUN_AT : DSL.val(odt(retryAt)))
                .set(JOB.LAST_ERROR, error).set(JOB.LOCKED_BY, (String) null)
                .set(JOB.HEARTBEAT_AT, (OffsetDateTime) null).set(JOB.UPDATED_AT, odt(now))
                .where(lease(job)).execute();
    }

    private Condition lease(Job job) {
        return JOB.ID.eq(job.id().value()).and(JOB.STATUS.eq(RUNNING))
                .and(JOB.LOCKED_BY.eq(job.lockedBy().orElse("")))
                .and(JOB.ATTEMPTS.eq(job.attempts()));
    }

    /** Gives claimed jobs back without counting the attempt (shutdown). */
    public int release(DSLContext tx, Collection<Job> jobs, Instant now) {
        int n = 0;
        for (Job job : jobs) {
            n += tx.update(JOB)
                    .set(JOB.STATUS, job.attempts() <= 1 ? QUEUED : FAILED)
                    .set(JOB.ATTEMPTS, JOB.ATTEMPTS.minus(1))
                    .set(JOB.LOCKED_BY, (String) null).set(JOB.HEARTBEAT_AT, (OffsetDateTime) null)
                    .set(JOB.UPDATED_AT, odt(now))
                    .where(lease(job)).execute();
        }
        return n;
    }

    /** Releases running jobs of {@code worker} by id, due now; their attempt counts (they did start). */
    public int releaseHeldBy(DSLContext tx, String worker, Collection<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        return tx.update(JOB)
                .set(JOB.STATUS, DSL.when(JOB.ATTEMPTS.ge(JOB.MAX_ATTEMPTS), DSL.inline(DEAD)).otherwise(DSL.inline(FAILED)))
                .set(JOB.LAST_ERROR, DSL.inline("released at shutdown while running"))
                .set(JOB.RUN_AT, odt(now)).set(JOB.LOCKED_BY, (String) null)
                .set(JOB.HEARTBEAT_AT, (OffsetDateTime) null).set(JOB.UPDATED_AT, odt(now))
                .where(JOB.NAMESPACE.eq(namespace), JOB.ID.in(ids), JOB.STATUS.eq(RUNNING), JOB.LOCKED_BY.eq(worker))
                .execute();
    }

    /** Refreshes the heartbeat of the jobs {@code worker} holds. */
    public int heartbeat(DSLContext tx, String worker, Collection<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        return tx.update(JOB).set(JOB.HEARTBEAT_AT, odt(now))
                .where(JOB.ID.in(ids), JOB.STATUS.eq(RUNNING), JOB.LOCKED_BY.eq(worker)).execute();
    }

    /**
     * Releases running jobs whose worker has not heartbeated since {@code staleBefore}: they are
     * due again now (the lost attempt counts), or dead when that was their last attempt.
     */
    public int reapStale(DSLContext tx, Instant staleBefore, Instant now) {
        return tx.update(JOB)
                .set(JOB.STATUS, DSL.when(JOB.ATTEMPTS.ge(JOB.MAX_ATTEMPTS), DSL.inline(DEAD)).otherwise(DSL.inline(FAILED)))
                .set(JOB.LAST_ERROR, DSL.concat(DSL.inline("worker "), DSL.coalesce(JOB.LOCKED_BY, DSL.inline("?")),
                        DSL.inline(" stopped heartbeating")))
                .set(JOB.RUN_AT, odt(now))
                .set(JOB.LOCKED_BY, (String) null).set(JOB.HEARTBEAT_AT, (OffsetDateTime) null)
                .set(JOB.UPDATED_AT, odt(now))
                .where(JOB.NAMESPACE.eq(namespace), JOB.STATUS.eq(RUNNING), JOB.HEARTBEAT_AT.lt(odt(staleBefore)))
                .execute();
    }

    public Optional<Job> get(DSLContext tx, JobId id) {
        return tx.selectFrom(JOB).where(JOB.NAMESPACE.eq(namespace), JOB.ID.eq(id.value())).fetchOptional()
                .map(JobRepository::toJob);
    }

    public List<Job> list(DSLContext tx, Optional<JobStatus> status, Optional<String> type, UUID after, int limit) {
        return tx.selectFrom(JOB)
                .where(JOB.NAMESPACE.eq(namespace))
                .and(status.map(s -> JOB.STATUS.eq(s.dbValue())).orElse(DSL.noCondition()))
                .and(type.map(JOB.JOB_TYPE::eq).orElse(DSL.noCondition()))
                .and(after == null ? DSL.noCondition() : JOB.ID.gt(after))
                .orderBy(JOB.ID).limit(limit)
                .fetch(JobRepository::toJob);
    }

    public int count(DSLContext tx, JobStatus status) {
        return tx.fetchCount(JOB, JOB.NAMESPACE.eq(namespace).and(JOB.STATUS.eq(status.dbValue())));
    }

    /** A dead job back to the queue with fresh attempts, or a failed one due now. */
    public int retry(DSLContext tx, JobId id, Instant now) {
        return tx.update(JOB)
                .set(JOB.STATUS, DSL.when(JOB.STATUS.eq(DEAD), DSL.inline(QUEUED)).otherwise(JOB.STATUS))
                .set(JOB.ATTEMPTS, DSL.when(JOB.STATUS.eq(DEAD), DSL.inline(0)).otherwise(JOB.ATTEMPTS))
                .set(JOB.RUN_AT, odt(now)).set(JOB.UPDATED_AT, odt(now))
                .where(JOB.NAMESPACE.eq(namespace), JOB.ID.eq(id.value()), JOB.STATUS.in(DEAD, FAILED))
                .execute();
    }

    public int discard(DSLContext tx, JobId id) {
        return tx.deleteFrom(JOB)
                .where(JOB.NAMESPACE.eq(namespace), JOB.ID.eq(id.value()), JOB.STATUS.eq(DEAD)).execute();
    }

    static Job toJob(JobRecord r) {
        return new Job(new JobId(r.getId()), r.getJobType(), r.getPayload(),
                Optional.ofNullable(r.getTenantId()).map(TenantId::new), JobStatus.fromDb(r.getStatus()),
                r.getRunAt().toInstant(), r.getAttempts(), r.getMaxAttempts(), Optional.ofNullable(r.getLastError()),
                Optional.ofNullable(r.getIdempotencyKey()), Optional.ofNullable(r.getOrderingKey()),
                Optional.ofNullable(r.getLockedBy()),
                Optional.ofNullable(r.getHeartbeatAt()).map(OffsetDateTime::toInstant),
                r.getCreatedAt().toInstant(), r.getUpdatedAt().toInstant());
    }

    // ---- schedules

    /**
     * Registers or updates a schedule. An unchanged definition keeps its next run (a restart does
     * not move it); a changed one is due at its first tick after {@code now}.
     */
    public void upsertSchedule(DSLContext tx, Schedule s, Instant now) {
        JobScheduleRecord existing = tx.selectFrom(JOB_SCHEDULE)
                .where(JOB_SCHEDULE.NAMESPACE.eq(namespace), JOB_SCHEDULE.NAME.eq(s.name())).forUpdate().fetchOne();
        if (existing != null && toSchedule(existing).equals(s)) {
            return;
        }
        JobScheduleRecord r = tx.newRecord(JOB_SCHEDULE);
        r.setNamespace(namespace);
        r.setName(s.name());
        r.setJobType(s.jobType());
        r.setPayload(s.payload());
        r.setTenantId(s.tenant().map(TenantId::value).orElse(null));
        r.setCron(s.cron().map(CronExpression::toString).orElse(null));
        r.setIntervalMs(s.interval().map(Duration::toMillis).orElse(null));
        r.setTimeZone(s.zone().getId());
        r.setMisfire(s.misfire().name());
        r.setMisfireGraceMs(s.misfireGrace().toMillis());
        r.setMaxAttempts(s.maxAttempts());
        r.setNextRunAt(odt(s.nextAfter(now)));
        r.setUpdatedAt(odt(now));
        if (existing == null) {
            r.setCreatedAt(odt(now));
            tx.insertInto(JOB_SCHEDULE).set(r).onConflict(JOB_SCHEDULE.NAMESPACE, JOB_SCHEDULE.NAME).doNothing()
                    .execute();
        } else {
            r.changed(JOB_SCHEDULE.NAMESPACE, false);
            r.changed(JOB_SCHEDULE.NAME, false);
            r.changed(JOB_SCHEDULE.CREATED_AT, false);
            tx.update(JOB_SCHEDULE).set(r)
                    .where(JOB_SCHEDULE.NAMESPACE.eq(namespace), JOB_SCHEDULE.NAME.eq(s.name())).execute();
        }
    }

    public int deleteSchedule(DSLContext tx, String name) {
        return tx.deleteFrom(JOB_SCHEDULE).where(JOB_SCHEDULE.NAMESPACE.eq(namespace), JOB_SCHEDULE.NAME.eq(name))
                .execute();
    }

    public List<ScheduleState> schedules(DSLContext tx) {
        return tx.selectFrom(JOB_SCHEDULE).where(JOB_SCHEDULE.NAMESPACE.eq(namespace)).orderBy(JOB_SCHEDULE.NAME)
                .fetch(JobRepository::toState);
    }

    public List<ScheduleState> dueSchedules(DSLContext tx, Instant now) {
        return tx.selectFrom(JOB_SCHEDULE)
                .where(JOB_SCHEDULE.NAMESPACE.eq(namespace), JOB_SCHEDULE.NEXT_RUN_AT.le(odt(now)))
                .orderBy(JOB_SCHEDULE.NEXT_RUN_AT).limit(100)
                .fetch(JobRepository::toState);
    }

    /** Moves a schedule from the tick {@code from} to {@code next}; 0 when another node moved it first. */
    public int advanceSchedule(DSLContext tx, String name, Instant from, Instant next, Instant firedAt, Instant now) {
        var update = tx.update(JOB_SCHEDULE).set(JOB_SCHEDULE.NEXT_RUN_AT, odt(next))
                .set(JOB_SCHEDULE.UPDATED_AT, odt(now));
        if (firedAt != null) {
            update = update.set(JOB_SCHEDULE.LAST_RUN_AT, odt(firedAt));
        }
        return update.where(JOB_SCHEDULE.NAMESPACE.eq(namespace), JOB_SCHEDULE.NAME.eq(name),
                JOB_SCHEDULE.NEXT_RUN_AT.eq(odt(from))).execute();
    }

    private static ScheduleState toState(JobScheduleRecord r) {
        return new ScheduleState(toSchedule(r), r.getNextRunAt().toInstant(),
                Optional.ofNullable(r.getLastRunAt()).map(OffsetDateTime::toInstant));
    }

    private static Schedule toSchedule(JobScheduleRecord r) {
        return new Schedule(r.getName(), r.getJobType(), r.getPayload(),
                Optional.ofNullable(r.getTenantId()).map(TenantId::new),
                Optional.ofNullable(r.getCron()).map(CronExpression::parse),
                Optional.ofNullable(r.getIntervalMs()).map(Duration::ofMillis), ZoneId.of(r.getTimeZone()),
                MisfirePolicy.valueOf(r.getMisfire()), Duration.ofMillis(r.getMisfireGraceMs()), r.getMaxAttempts());
    }

    /** A fresh job id. */
    public static UUID newId(java.time.Clock clock) {
        return Ids.next(clock);
    }
}
