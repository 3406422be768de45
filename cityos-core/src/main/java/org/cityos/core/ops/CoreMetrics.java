package org.cityos.core.ops;

/**
 * The core's metrics: gauges of the job queue, outbox deliveries and schedules (in every
 * {@link Operations#snapshot()}), and the counters and timer it records as jobs run. Tags:
 * {@code queue} (the job namespace), {@code type} (job type), {@code subscriber} (event
 * subscriber), {@code outcome}. docs/operations.md says what each means and when to alarm.
 */
public final class CoreMetrics {
    /** Jobs due now (queued, or failed and due for a retry), not yet claimed. */
    public static final Metric JOBS_READY = Metric.count("cityos.jobs.ready",
            "jobs due now and not yet claimed (queued, or failed and due for a retry)");
    /** Jobs waiting for their run time (a delay, or a retry's back-off). */
    public static final Metric JOBS_DELAYED = Metric.count("cityos.jobs.delayed",
            "jobs waiting for their run time (a delay or a retry's back-off)");
    /** Jobs whose last attempt failed and that will be tried again (part of ready or delayed). */
    public static final Metric JOBS_RETRYING = Metric.count("cityos.jobs.retrying",
            "jobs whose last attempt failed and that will be tried again (counted in ready or delayed too)");
    /** Jobs claimed by a worker (leased) and running. */
    public static final Metric JOBS_RUNNING = Metric.count("cityos.jobs.running",
            "jobs claimed by a worker and running (leased)");
    /** Jobs that used up their attempts (dead letters). */
    public static final Metric JOBS_DEAD = Metric.count("cityos.jobs.dead",
            "jobs that used up their attempts (dead letters, kept until retried or discarded)");
    /** How long the oldest ready job has been due. */
    public static final Metric JOBS_READY_OLDEST_AGE = Metric.seconds("cityos.jobs.ready.oldest.age",
            "how long the longest-waiting ready job has been due");
    /** How long the longest-running job has been running since its claim. */
    public static final Metric JOBS_RUNNING_OLDEST_AGE = Metric.seconds("cityos.jobs.running.oldest.age",
            "how long the longest-running job has been running since it was claimed");
    /** Undelivered events per subscriber (delivery jobs not yet succeeded nor dead). */
    public static final Metric OUTBOX_PENDING = Metric.count("cityos.outbox.pending",
            "events not yet delivered to the subscriber (its delivery jobs queued, retrying or running)");
    /** How long ago the oldest undelivered event of the subscriber was published. */
    public static final Metric OUTBOX_OLDEST_AGE = Metric.seconds("cityos.outbox.oldest.age",
            "how long ago the subscriber's oldest undelivered event was published");
    /** Deliveries to the subscriber that used up their attempts. */
    public static final Metric OUTBOX_DEAD = Metric.count("cityos.outbox.dead",
            "deliveries to the subscriber that used up their attempts");
    /** Recurring schedules whose next tick is due and not yet fired. */
    public static final Metric SCHEDULES_DUE = Metric.count("cityos.schedules.due",
            "recurring schedules whose next tick is due and has not fired yet");
    /** How long the most overdue schedule tick has been due. */
    public static final Metric SCHEDULES_DUE_OLDEST_AGE = Metric.seconds("cityos.schedules.due.oldest.age",
            "how long the most overdue schedule tick has been waiting to fire");

    /** Counter: job attempts run on this JVM, by outcome (succeeded, failed, dead, lease_lost). */
    public static final Metric JOBS_EXECUTED = Metric.count("cityos.jobs.executed",
            "job attempts run on this JVM, by outcome (succeeded, failed, dead, lease_lost)");
    /** Timer: how long job attempts' handlers took on this JVM, by outcome. */
    public static final Metric JOBS_DURATION = Metric.seconds("cityos.jobs.duration",
            "how long job attempts' handlers took on this JVM, by outcome");
    /** Counter: event deliveries to subscribers attempted on this JVM, by outcome. */
    public static final Metric OUTBOX_DELIVERIES = Metric.count("cityos.outbox.deliveries",
            "event deliveries to subscribers attempted on this JVM, by outcome (succeeded, failed, dead, lease_lost)");

    private CoreMetrics() {
    }
}
