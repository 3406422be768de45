package org.cityos.core.ops;

import java.time.Duration;
import java.util.Map;

/**
 * Hears what happens in this JVM as it happens (a job finished, an event delivered, a payout
 * settled), for counters and timers. Calls come on the library's working threads: be quick and
 * do not throw (a throwing recorder is logged and skipped, never fails the work). The default is
 * {@link #NONE}; {@code CityOsMeterBinder} adds one that feeds Micrometer.
 */
public interface MetricsRecorder {
    /** A recorder that ignores everything. */
    MetricsRecorder NONE = new MetricsRecorder() {
    };

    /** One occurrence of {@code metric} with {@code tags}. */
    default void increment(Metric metric, Map<String, String> tags) {
    }

    /** One occurrence of {@code metric} with {@code tags} that took {@code duration} (wall-clock). */
    default void record(Metric metric, Map<String, String> tags, Duration duration) {
    }
}
