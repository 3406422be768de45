package org.cityos.core.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cityos.core.Values;
import org.cityos.core.internal.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's side of a {@code CityOs} ({@code cityOs.operations()}): a {@link #snapshot()}
 * of platform-wide gauges (job queue depth and ages, outbox backlog per subscriber, schedules,
 * and what the attached modules report) computed by a few aggregate queries, and the
 * {@link MetricsRecorder}s that hear of jobs, deliveries and payouts as they happen. No
 * framework is needed; {@code org.cityos.core.ops.micrometer.CityOsMeterBinder} binds both to
 * Micrometer.
 */
public final class Operations {
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    private final Db db;
    private final Map<String, GaugeSource> sources = new LinkedHashMap<>();
    private final List<MetricsRecorder> recorders = new CopyOnWriteArrayList<>();
    private final MetricsRecorder composite = new Composite();

    /** For {@code CityOs}: the operations of the instance on {@code db}. */
    public Operations(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * Measures now (the injected clock's instant): runs every source's aggregate queries and
     * returns the values. A source that fails is logged at {@code warn}, named in
     * {@link OperationsSnapshot#failedSources()} and left out; the others are still measured.
     * Each call queries the database: poll it every few seconds at most (the Micrometer binder
     * caches it).
     */
    public OperationsSnapshot snapshot() {
        Instant now = db.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        List<Map.Entry<String, GaugeSource>> list;
        synchronized (sources) {
            list = new ArrayList<>(sources.entrySet());
        }
        List<Measurement> out = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, GaugeSource> e : list) {
            List<Measurement> mine = new ArrayList<>();
            try {
                e.getValue().measure(new GaugeScope(db, now, mine));
                out.addAll(mine);
            } catch (RuntimeException ex) {
                LOG.warn("measuring cityos-{} for the operations snapshot failed: {}", e.getKey(),
                        Values.neutralise(ex.toString()));
                failed.add(e.getKey());
            }
        }
        return new OperationsSnapshot(now, out, failed);
    }

    /**
     * For CityOS modules: registers (or replaces) the gauges of {@code module}; done by
     * {@code CityOs.attachModule}.
     */
    public void source(String module, GaugeSource source) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(source, "source");
        synchronized (sources) {
            sources.put(module, source);
        }
    }

    /** The modules whose gauges are measured, in registration order ({@code core} first). */
    public List<String> sources() {
        synchronized (sources) {
            return List.copyOf(sources.keySet());
        }
    }

    /**
     * Adds a recorder that hears of what happens from now on; closing the returned handle removes
     * it. Several may be added (one per metrics backend).
     */
    public AutoCloseable addRecorder(MetricsRecorder recorder) {
        Objects.requireNonNull(recorder, "recorder");
        recorders.add(recorder);
        return () -> recorders.remove(recorder);
    }

    /** For the library and its modules: the recorder that forwards to every added one. */
    public MetricsRecorder recorder() {
        return composite;
    }

    /** Forwards to every recorder; a recorder that throws is logged and skipped. */
    private final class Composite implements MetricsRecorder {
        @Override
        public void increment(Metric metric, Map<String, String> tags) {
            for (MetricsRecorder r : recorders) {
                try {
                    r.increment(metric, tags);
                } catch (RuntimeException e) {
                    LOG.warn("metrics recorder {} failed on {}: {}", r, metric.name(), e.toString());
                }
            }
        }

        @Override
        public void record(Metric metric, Map<String, String> tags, Duration duration) {
            for (MetricsRecorder r : recorders) {
                try {
                    r.record(metric, tags, duration);
                } catch (RuntimeException e) {
                    LOG.warn("metrics recorder {} failed on {}: {}", r, metric.name(), e.toString());
                }
            }
        }
    }
}
