package org.cityos.core.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The operator's view of one instant: every gauge of the core and the attached modules with its
 * tags, platform-wide totals (counts and ages, never tenant data). {@link #failedSources()} names
 * the modules whose measuring failed; their gauges are missing from this snapshot.
 */
public record OperationsSnapshot(Instant takenAt, List<Measurement> measurements, List<String> failedSources) {
    /** Copies the lists. */
    public OperationsSnapshot {
        Objects.requireNonNull(takenAt, "takenAt");
        measurements = List.copyOf(measurements);
        failedSources = List.copyOf(failedSources);
    }

    /** The measurements of the metric named {@code name}, in the order they were reported. */
    public List<Measurement> all(String name) {
        return measurements.stream().filter(m -> m.name().equals(name)).toList();
    }

    /** The value of {@code name} with exactly these tags, if it was measured. */
    public OptionalDouble value(String name, Map<String, String> tags) {
        Map<String, String> wanted = new TreeMap<>(tags);
        return measurements.stream().filter(m -> m.name().equals(name) && m.tags().equals(wanted))
                .mapToDouble(Measurement::value).findFirst();
    }

    /** The value of {@code name} with these tags, or 0 when it was not measured (a count of nothing). */
    public double valueOrZero(String name, Map<String, String> tags) {
        return value(name, tags).orElse(0);
    }

    /** The sum of {@code name} over all its tags (e.g. ready jobs of every type). */
    public double sum(String name) {
        return measurements.stream().filter(m -> m.name().equals(name)).mapToDouble(Measurement::value).sum();
    }

    /** The largest value of {@code name} over all its tags (e.g. the oldest ready job's age), 0 when none. */
    public double max(String name) {
        return measurements.stream().filter(m -> m.name().equals(name)).mapToDouble(Measurement::value).max().orElse(0);
    }
}
