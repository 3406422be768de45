package org.cityos.core.job.internal;

import static org.cityos.core.internal.db.Tables.JOB;
import static org.cityos.core.internal.db.Tables.JOB_SCHEDULE;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

import org.cityos.core.event.Events;
import org.cityos.core.ops.CoreMetrics;
import org.cityos.core.ops.GaugeScope;
import org.cityos.core.ops.GaugeSource;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * The core's gauges (internal): the job queue of one namespace by type, the outbox backlog by
 * subscriber (its delivery jobs) and the due schedules, from two aggregate statements on the
 * platform tables {@code job} and {@code job_schedule}. Types this node has handlers for are
 * reported even when they have no jobs, so their series exist at zero.
 */
public final class JobGauges implements GaugeSource {
    private final String namespace;
    private final JobRegistry registry;

    public JobGauges(String namespace, JobRegistry registry) {
        this.namespace = namespace;
        this.registry = registry;
    }

    /** What one job type's rows add up to. */
    private static final class Acc {
        long ready;
        long delayed;
        long retrying;
        long running;
        long dead;
        OffsetDateTime oldestReady;
        OffsetDateTime oldestClaim;
        OffsetDateTime oldestPending;
    }

    @Override
    public void measure(GaugeScope scope) {
        OffsetDateTime now = OffsetDateTime.ofInstant(scope.now(), ZoneOffset.UTC);
        Map<String, Acc> byType = new TreeMap<>();
        for (String t : registry.types()) {
            byType.put(t, new Acc());
        }
        Condition due = JOB.RUN_AT.le(now);
        // one pass over the unfinished jobs of the namespace (job_due_ix: namespace, status, run_at);
        // succeeded jobs, however many, are not read
        var rows = scope.read(tx -> tx.select(JOB.JOB_TYPE, JOB.STATUS, DSL.count(), DSL.count().filterWhere(due),
                        DSL.min(JOB.RUN_AT).filterWhere(due), DSL.min(JOB.CREATED_AT), DSL.min(JOB.UPDATED_AT))
                .from(JOB)
                .where(JOB.NAMESPACE.eq(namespace), JOB.STATUS.in(JobRepository.QUEUED, JobRepository.FAILED,
                        JobRepository.RUNNING, JobRepository.DEAD))
                .groupBy(JOB.JOB_TYPE, JOB.STATUS)
                .fetch());
        for (var r : rows) {
            Acc a = byType.computeIfAbsent(r.value1(), k -> new Acc());
            String status = r.value2();
            long n = r.value3();
            long dueNow = r.value4();
            if (status.equals(JobRepository.QUEUED) || status.equals(JobRepository.FAILED)) {
                a.ready += dueNow;
                a.delayed += n - dueNow;
                a.oldestReady = min(a.oldestReady, r.value5());
                a.oldestPending = min(a.oldestPending, r.value6());
                if (status.equals(JobRepository.FAILED)) {
                    a.retrying += n;
                }
            } else if (status.equals(JobRepository.RUNNING)) {
                a.running += n;
                a.oldestClaim = min(a.oldestClaim, r.value7()); // updated_at is the claim; heartbeats leave it
                a.oldestPending = min(a.oldestPending, r.value6());
            } else {
                a.dead += n;
            }
        }
        for (Map.Entry<String, Acc> e : byType.entrySet()) {
            Map<String, String> tags = Map.of("queue", namespace, "type", e.getKey());
            Acc a = e.getValue();
            scope.gauge(CoreMetrics.JOBS_READY, tags, a.ready);
            scope.gauge(CoreMetrics.JOBS_DELAYED, tags, a.delayed);
            scope.gauge(CoreMetrics.JOBS_RETRYING, tags, a.retrying);
            scope.gauge(CoreMetrics.JOBS_RUNNING, tags, a.running);
            scope.gauge(CoreMetrics.JOBS_DEAD, tags, a.dead);
            scope.age(CoreMetrics.JOBS_READY_OLDEST_AGE, tags, a.oldestReady);
            scope.age(CoreMetrics.JOBS_RUNNING_OLDEST_AGE, tags, a.oldestClaim);
            if (e.getKey().startsWith(Events.DELIVERY_JOB_PREFIX)) {
                Map<String, String> sub = Map.of("queue", namespace,
                        "subscriber", e.getKey().substring(Events.DELIVERY_JOB_PREFIX.length()));
                scope.gauge(CoreMetrics.OUTBOX_PENDING, sub, a.ready + a.delayed + a.running);
                scope.age(CoreMetrics.OUTBOX_OLDEST_AGE, sub, a.oldestPending);
                scope.gauge(CoreMetrics.OUTBOX_DEAD, sub, a.dead);
            }
        }
        var schedules = scope.read(tx -> tx.select(DSL.count(), DSL.min(JOB_SCHEDULE.NEXT_RUN_AT))
                .from(JOB_SCHEDULE)
                .where(JOB_SCHEDULE.NAMESPACE.eq(namespace), JOB_SCHEDULE.NEXT_RUN_AT.le(now))
                .fetchOne());
        Map<String, String> queue = Map.of("queue", namespace);
        scope.gauge(CoreMetrics.SCHEDULES_DUE, queue, schedules.value1());
        scope.age(CoreMetrics.SCHEDULES_DUE_OLDEST_AGE, queue, schedules.value2());
    }

    private static OffsetDateTime min(OffsetDateTime a, OffsetDateTime b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
