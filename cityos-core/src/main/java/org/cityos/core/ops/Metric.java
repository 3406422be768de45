package org.cityos.core.ops;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The definition of one metric the library reports: its dotted name (Micrometer style, e.g.
 * {@code cityos.jobs.ready}), a one-line description, and its base unit ({@code seconds} for ages
 * and durations, {@code null} for plain counts).
 */
public record Metric(String name, String description, String baseUnit) {
    private static final Pattern NAME = Pattern.compile("cityos(\\.[a-z][a-z0-9_]*)+");

    /** Validates the name: {@code cityos.} followed by lower-case dotted words. */
    public Metric {
        Objects.requireNonNull(description, "description");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name " + name + " must look like cityos.jobs.ready");
        }
    }

    /** A count (no unit). */
    public static Metric count(String name, String description) {
        return new Metric(name, description, null);
    }

    /** A value in seconds (an age or a duration). */
    public static Metric seconds(String name, String description) {
        return new Metric(name, description, "seconds");
    }
}
