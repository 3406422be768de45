package org.cityos.core.ops;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One value of a snapshot: a {@link Metric}, its tags (sorted, e.g. {@code queue=default,
 * type=invoice.send}) and the value at the time the snapshot was taken.
 */
public record Measurement(Metric metric, Map<String, String> tags, double value) {
    /** Copies the tags into an unmodifiable sorted map. */
    public Measurement {
        Objects.requireNonNull(metric, "metric");
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** The metric's name. */
    public String name() {
        return metric.name();
    }
}
