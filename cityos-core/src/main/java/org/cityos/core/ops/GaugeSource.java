package org.cityos.core.ops;

/**
 * What a module contributes to {@link Operations#snapshot()}: it measures its state with a few
 * set-based queries (counts, oldest timestamps) and reports the values to the {@link GaugeScope}.
 * Registered with {@code CityOs.attachModule(module, loader, tables, source)}.
 */
@FunctionalInterface
public interface GaugeSource {
    /** Measures and reports through {@code scope}; may throw, which leaves this source out of the snapshot. */
    void measure(GaugeScope scope);
}
