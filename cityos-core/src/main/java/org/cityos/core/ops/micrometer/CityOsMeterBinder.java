package org.cityos.core.ops.micrometer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.cityos.core.CityOs;
import org.cityos.core.ops.Measurement;
import org.cityos.core.ops.Metric;
import org.cityos.core.ops.MetricsRecorder;
import org.cityos.core.ops.OperationsSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a {@link CityOs}'s operations to Micrometer, in the spirit of HikariCP's optional
 * Micrometer support: the snapshot's gauges become {@link Gauge}s (one per name and tag set), and
 * the in-process events become {@link Counter}s and a {@link Timer}. Gauges read a snapshot that
 * a daemon thread refreshes every {@code refreshEvery} (default 30 s), so a scrape never waits
 * for the database; a gauge whose series is absent from the latest snapshot reads 0, or NaN when
 * a source of that snapshot failed (the database was down). micrometer-core is an optional dependency of
 * cityos-core: this class needs it on the class path, nothing else does.
 *
 * <pre>{@code
 * CityOsMeterBinder metrics = CityOsMeterBinder.builder(cityOs).refreshEvery(Duration.ofSeconds(30)).build();
 * metrics.bindTo(registry);
 * // at shutdown
 * metrics.close();
 * }</pre>
 */
public final class CityOsMeterBinder implements MeterBinder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CityOsMeterBinder.class);

    private final CityOs cityOs;
    private final Duration refreshEvery;
    private final AtomicReference<State> state = new AtomicReference<>(new State(Map.of(), false));
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Map<MeterRegistry, Set<Key>> registered = new ConcurrentHashMap<>();
    private final List<AutoCloseable> recorders = new CopyOnWriteArrayList<>();
    private volatile OperationsSnapshot last;
    private ScheduledExecutorService refresher;

    private CityOsMeterBinder(CityOs cityOs, Duration refreshEvery) {
        this.cityOs = cityOs;
        this.refreshEvery = refreshEvery;
    }

    /** A binder of {@code cityOs} refreshing its gauges every 30 seconds. */
    public static CityOsMeterBinder of(CityOs cityOs) {
        return builder(cityOs).build();
    }

    /** A builder for a binder of {@code cityOs}. */
    public static Builder builder(CityOs cityOs) {
        return new Builder(Objects.requireNonNull(cityOs, "cityOs"));
    }

    /** One gauge series: a metric name and its tags. */
    private record Key(String name, Map<String, String> tags) {
    }

    /** The values of the latest refresh, and whether it (or a source in it) failed. */
    private record State(Map<Key, Double> values, boolean failed) {
    }

    /**
     * Registers the counters' recorder and the gauges of a first snapshot (taken now, on the
     * calling thread; if it fails, the gauges appear with the first refresh that succeeds), then
     * starts refreshing in the background unless {@code refreshEvery} is zero.
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (registries.contains(registry)) {
            return;
        }
        registries.add(registry);
        registered.put(registry, ConcurrentHashMap.newKeySet());
        recorders.add(cityOs.operations().addRecorder(new Recorder(registry)));
        refreshQuietly();
        if (refresher == null && !refreshEvery.isZero()) {
            refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cityos-metrics-refresh");
                t.setDaemon(true);
                return t;
            });
            long ms = refreshEvery.toMillis();
            refresher.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Takes a snapshot now and makes the gauges read it, registering gauges for series seen for the
     * first time; returns the snapshot. Series missing from it read 0 (nothing to count), or NaN
     * when a source failed (the database is down), until a refresh measures them again.
     */
    public OperationsSnapshot refresh() {
        OperationsSnapshot snapshot;
        try {
            snapshot = cityOs.operations().snapshot();
        } catch (RuntimeException e) {
            state.set(new State(Map.of(), true));
            throw e;
        }
        Map<Key, Double> values = new ConcurrentHashMap<>();
        if (!snapshot.failedSources().isEmpty()) {
            // a module could not be measured: its series are missing, and must not read as zero
            LOG.warn("cityos gauges of {} could not be measured; series missing from the snapshot read NaN",
                    snapshot.failedSources());
        }
        for (Measurement m : snapshot.measurements()) {
            Key key = new Key(m.name(), m.tags());
            values.put(key, m.value());
            for (MeterRegistry registry : registries) {
                if (registered.get(registry).add(key)) {
                    Gauge.builder(m.name(), () -> value(key))
                            .tags(tags(m.tags()))
                            .description(m.metric().description())
                            .baseUnit(m.metric().baseUnit())
                            .strongReference(true)
                            .register(registry);
                }
            }
        }
        state.set(new State(values, !snapshot.failedSources().isEmpty()));
        last = snapshot;
        return snapshot;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("refreshing the cityos gauges failed; they read NaN until a refresh succeeds: {}", e.toString());
        }
    }

    private double value(Key key) {
        State s = state.get();
        Double v = s.values().get(key);
        if (v != null) {
            return v;
        }
        return s.failed() ? Double.NaN : 0.0;
    }

    /** The snapshot the gauges read now, if a refresh has succeeded. */
    public java.util.Optional<OperationsSnapshot> lastSnapshot() {
        return java.util.Optional.ofNullable(last);
    }

    /** Stops the refresh thread and the counters (the meters stay registered, frozen). */
    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
        for (AutoCloseable r : recorders) {
            try {
                r.close();
            } catch (Exception e) {
                // removing a recorder from a list does not fail
            }
        }
        recorders.clear();
    }

    private static Iterable<Tag> tags(Map<String, String> tags) {
        Tags out = Tags.empty();
        for (Map.Entry<String, String> e : tags.entrySet()) {
            out = out.and(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Turns the library's in-process events into counters and timers of one registry. */
    private static final class Recorder implements MetricsRecorder {
        private final MeterRegistry registry;

        Recorder(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void increment(Metric metric, Map<String, String> tags) {
            Counter.builder(metric.name()).description(metric.description()).tags(tags(tags))
                    .register(registry).increment();
        }

        @Override
        public void record(Metric metric, Map<String, String> tags, Duration duration) {
            Timer.builder(metric.name()).description(metric.description()).tags(tags(tags))
                    .register(registry).record(duration);
        }

        @Override
        public String toString() {
            return "micrometer:" + registry.getClass().getSimpleName();
        }
    }

    /** Configures a {@link CityOsMeterBinder}. */
    public static final class Builder {
        private final CityOs cityOs;
        private Duration refreshEvery = Duration.ofSeconds(30);

        private Builder(CityOs cityOs) {
            this.cityOs = cityOs;
        }

        /**
         * How often the gauges' snapshot is refreshed in the background (default 30 s); zero: never
         * in the background, only by {@link CityOsMeterBinder#refresh()}.
         */
        public Builder refreshEvery(Duration every) {
            if (every == null || every.isNegative()) {
                throw new IllegalArgumentException("refreshEvery " + every + " must be zero or positive");
            }
            this.refreshEvery = every;
            return this;
        }

        public CityOsMeterBinder build() {
            return new CityOsMeterBinder(cityOs, refreshEvery);
        }
    }
}
