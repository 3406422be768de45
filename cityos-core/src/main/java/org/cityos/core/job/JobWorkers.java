package org.cityos.core.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.job.internal.JobEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of worker threads that run the jobs of one {@link CityOs}: each thread claims a batch of
 * due jobs, runs them one by one (each in a transaction of its own, or, with a
 * {@linkplain Builder#commitWindow commit window}, consecutive jobs of one tenant in a shared
 * transaction, each behind its own savepoint) and polls again; a maintenance thread heartbeats the claimed
 * jobs, releases those of workers that stopped heartbeating (on any node) and fires due
 * schedules. {@link #close()} stops claiming, lets running jobs finish within the shutdown
 * timeout and gives every unstarted or unfinished job back to the queue, so nothing is lost.
 *
 * <pre>{@code
 * JobWorkers workers = JobWorkers.builder(cityOs).threads(4).build().start();
 * }</pre>
 */
public final class JobWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobWorkers.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,60}");

    private final String name;
    private final JobEngine engine;
    private final int threads;
    private final Duration pollInterval;
    private final int batchSize;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final Duration shutdownTimeout;
    private final Duration commitWindow;
    private final boolean runSchedules;
    /** What this node holds: claimed and not yet finished, by job id. */
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    private final List<Thread> workers = new ArrayList<>();
    private final Object wake = new Object();
    private final AtomicLong executed = new AtomicLong();
    private Thread maintenance;
    private volatile boolean running;
    private volatile boolean started;

    private JobWorkers(Builder b) {
        this.name = b.name + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.engine = b.cityOs.jobs().engine();
        this.threads = b.threads;
        this.pollInterval = b.pollInterval;
        this.batchSize = b.batchSize;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.commitWindow = b.commitWindow;
        this.runSchedules = b.runSchedules;
    }

    /** A builder for workers of {@code cityOs} (its namespace and handlers). */
    public static Builder builder(CityOs cityOs) {
        return new Builder(Objects.requireNonNull(cityOs, "cityOs"));
    }

    /** This pool's worker id as recorded in {@code locked_by} (its name and a random suffix). */
    public String id() {
        return name;
    }

    /** How many jobs this pool has run to completion (succeeded, failed or dead) since it started. */
    public long executed() {
        return executed.get();
    }

    /** Starts the threads; returns this. {@code conflict} if started already. */
    public synchronized JobWorkers start() {
        if (started) {
            throw CityOsException.conflict("job workers " + name + " were started already");
        }
        started = true;
        running = true;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::workLoop, name + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        maintenance = new Thread(this::maintenanceLoop, name + "-maintenance");
        maintenance.setDaemon(true);
        maintenance.start();
        LOG.debug("{}: started {} worker thread(s)", name, threads);
        return this;
    }

    /** Wakes idle worker threads to poll now (e.g. after enqueueing on this node). */
    public void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void workLoop() {
        while (running) {
            List<Job> batch;
            try {
                batch = engine.claim(name, batchSize);
            } catch (RuntimeException e) {
                LOG.warn("{}: claiming jobs failed: {}", name, e.toString());
                pause();
                continue;
            }
            if (batch.isEmpty()) {
                pause();
                continue;
            }
            batch.forEach(j -> held.add(j.id().value()));
            int ran = 0;
            try {
                ran = engine.runBatch(batch, commitWindow, () -> running);
            } catch (RuntimeException e) {
                // not expected (failures are recorded per job): the leases expire and the jobs are retried
                LOG.warn("{}: running {} claimed job(s) failed: {}", name, batch.size(), e.toString());
                ran = batch.size();
            } finally {
                executed.addAndGet(ran);
                if (ran < batch.size()) {
                    List<Job> rest = batch.subList(ran, batch.size());
                    try {
                        engine.release(rest);
                    } catch (RuntimeException e) {
                        LOG.warn("{}: releasing {} unstarted job(s) failed, they return after the heartbeat timeout: {}",
                                name, rest.size(), e.toString());
                    }
                }
                batch.forEach(j -> held.remove(j.id().value()));
            }
        }
    }

    private void pause() {
        synchronized (wake) {
            if (!running) {
                return;
            }
            try {
                wake.wait(Math.max(1, pollInterval.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void maintenanceLoop() {
        long lastBeat = 0;
        long lastReap = 0;
        while (running) {
            long nowNanos = System.nanoTime();
            try {
                if (nowNanos - lastBeat >= heartbeatInterval.toNanos()) {
                    engine.heartbeat(name, Set.copyOf(held));
                    lastBeat = nowNanos;
                }
                if (nowNanos - lastReap >= pollInterval.toNanos()) {
                    engine.reapStale(heartbeatTimeout);
                    if (runSchedules && engine.fireDueSchedules() > 0) {
                        wake();
                    }
                    lastReap = nowNanos;
                }
            } catch (RuntimeException e) {
                LOG.warn("{}: maintenance failed: {}", name, e.toString());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(pollInterval.toMillis(), heartbeatInterval.toMillis())));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Stops claiming, waits up to the shutdown timeout for running jobs to finish, then interrupts
     * what still runs; jobs claimed but not finished go back to the queue (a job still running
     * past the timeout cannot complete: its lease is gone, so its transaction rolls back).
     */
    @Override
    public synchronized void close() {
        if (!started || !running && workers.isEmpty()) {
            return;
        }
        running = false;
        wake();
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        for (Thread t : workers) {
            try {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Thread> stuck = workers.stream().filter(Thread::isAlive).toList();
        stuck.forEach(Thread::interrupt);
        maintenance.interrupt();
        if (!held.isEmpty()) {
            // jobs still running past the timeout: their lease goes, so they are retried elsewhere
            List<UUID> ids = List.copyOf(held);
            try {
                int n = engine.releaseHeldBy(name, ids);
                LOG.warn("{}: released {} job(s) still running after the shutdown timeout of {}", name, n, shutdownTimeout);
            } catch (RuntimeException e) {
                LOG.warn("{}: releasing running jobs failed, they return after the heartbeat timeout: {}", name, e.toString());
            }
        }
        workers.clear();
        LOG.debug("{}: stopped", name);
    }

    /** Configures {@link JobWorkers}; invalid values fail in {@link #build()}, naming the setting. */
    public static final class Builder {
        private final CityOs cityOs;
        private String name = "cityos-jobs";
        private int threads = 2;
        private Duration pollInterval = Duration.ofMillis(500);
        private int batchSize = 10;
        private Duration heartbeatInterval = Duration.ofSeconds(15);
        private Duration heartbeatTimeout = Duration.ofMinutes(2);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Duration commitWindow = Duration.ZERO;
        private boolean runSchedules = true;

        private Builder(CityOs cityOs) {
            this.cityOs = cityOs;
        }

        /** The prefix of thread names and of the worker id (default {@code cityos-jobs}). */
        public Builder name(String n) {
            this.name = n;
            return this;
        }

        /** Worker threads (default 2). */
        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        /** How long an idle thread waits before polling again; also the period of stale-job and schedule checks (default 500 ms). */
        public Builder pollInterval(Duration d) {
            this.pollInterval = d;
            return this;
        }

        /** Jobs a thread claims at once (default 10). */
        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /** How often claimed jobs' heartbeats are refreshed (default 15 s). */
        public Builder heartbeatInterval(Duration d) {
            this.heartbeatInterval = d;
            return this;
        }

        /** After how long without a heartbeat a running job is released and retried (default 2 min). */
        public Builder heartbeatTimeout(Duration d) {
            this.heartbeatTimeout = d;
            return this;
        }

        /** How long {@link JobWorkers#close()} waits for running jobs (default 30 s). */
        public Builder shutdownTimeout(Duration d) {
            this.shutdownTimeout = d;
            return this;
        }

        /**
         * How long consecutive jobs of one tenant from one claimed batch may share a transaction,
         * counted from the start of its first job (at most 50 jobs); default {@code Duration.ZERO},
         * one transaction per job. Each job's work still commits with its completion and a failing
         * job is rolled back alone (savepoints); a window (say 50 ms) saves most commits, but holds
         * the locks of a group's earlier work until the group commits and makes completions visible
         * later. Opt in only when every handler does its database work through
         * {@link JobContext#tx()}: a handler that opens a transaction of its own (a library service
         * call, say) and waits for a row an earlier job of its group wrote would wait for ever.
         */
        public Builder commitWindow(Duration d) {
            this.commitWindow = d;
            return this;
        }

        /** Whether this pool fires due schedules (default true; any number of nodes may). */
        public Builder runSchedules(boolean b) {
            this.runSchedules = b;
            return this;
        }

        public JobWorkers build() {
            if (name == null || !NAME.matcher(name).matches()) {
                throw invalid("name", name, "must be 1-60 letters, digits or . _ : -");
            }
            if (threads < 1 || threads > 256) {
                throw invalid("threads", threads, "must be between 1 and 256");
            }
            if (batchSize < 1 || batchSize > 1000) {
                throw invalid("batchSize", batchSize, "must be between 1 and 1000");
            }
            positive("pollInterval", pollInterval);
            positive("heartbeatInterval", heartbeatInterval);
            positive("heartbeatTimeout", heartbeatTimeout);
            if (commitWindow == null || commitWindow.isNegative()) {
                throw invalid("commitWindow", commitWindow, "must not be negative");
            }
            if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
                throw invalid("shutdownTimeout", shutdownTimeout, "must not be negative");
            }
            if (heartbeatTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
                throw invalid("heartbeatTimeout", heartbeatTimeout,
                        "must be at least twice the heartbeatInterval " + heartbeatInterval);
            }
            return new JobWorkers(this);
        }

        private static void positive(String what, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw invalid(what, d, "must be positive");
            }
        }

        private static CityOsException invalid(String what, Object value, String why) {
            return new CityOsException(ErrorCode.CONFIGURATION, "job workers " + what + " " + value + " " + why);
        }
    }
}
