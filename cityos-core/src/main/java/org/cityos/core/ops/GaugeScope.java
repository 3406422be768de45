package org.cityos.core.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.cityos.core.internal.Db;
import org.jooq.DSLContext;

/**
 * What a {@link GaugeSource} gets while a snapshot is taken: the clock's instant the snapshot is
 * for, the database to count in, and the place to report values. Ages are computed here from
 * that instant (the injected clock), never from the database's {@code now()}.
 */
public final class GaugeScope {
    private final Db db;
    private final Instant now;
    private final List<Measurement> out;

    GaugeScope(Db db, Instant now, List<Measurement> out) {
        this.db = db;
        this.now = now;
        this.out = out;
    }

    /** The instant of the snapshot (from the injected clock). */
    public Instant now() {
        return now;
    }

    /** Whether the database is PostgreSQL (row-level security is on: count through the module's functions). */
    public boolean postgres() {
        return db.postgres();
    }

    /**
     * For CityOS modules: runs {@code query} in a read transaction without the tenant guard, for
     * platform-wide aggregates only. On PostgreSQL row-level security still binds the application
     * role, so a module counts tenant tables there through its {@code SECURITY DEFINER} function,
     * which returns totals, never rows; on H2 (no row-level security) it may aggregate the table
     * directly. Never return or log row contents from here.
     */
    public <T> T read(Function<DSLContext, T> query) {
        return db.unguarded(query);
    }

    /** Reports {@code value} for {@code metric} with {@code tags}. */
    public void gauge(Metric metric, Map<String, String> tags, double value) {
        out.add(new Measurement(metric, tags, value));
    }

    /**
     * Reports the age of {@code oldest} at the snapshot's instant in seconds (0 when there is
     * nothing, i.e. {@code oldest} is null, and when it lies in the future).
     */
    public void age(Metric metric, Map<String, String> tags, OffsetDateTime oldest) {
        gauge(metric, tags, ageSeconds(oldest == null ? null : oldest.toInstant(), now));
    }

    /** Seconds from {@code oldest} to {@code now}, millisecond precision; 0 for null or a future instant. */
    public static double ageSeconds(Instant oldest, Instant now) {
        if (oldest == null || !oldest.isBefore(now)) {
            return 0;
        }
        return Duration.between(oldest, now).toMillis() / 1000.0;
    }
}
