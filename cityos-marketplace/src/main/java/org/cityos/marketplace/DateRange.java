package org.cityos.marketplace;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.cityos.core.CityOsException;

/**
 * An inclusive range of calendar dates, read in the tenant's time zone: from the start of
 * {@code from} to the end of {@code to}. At most ten years long.
 */
public record DateRange(LocalDate from, LocalDate to) {
    public DateRange {
        if (from == null || to == null) {
            throw CityOsException.invalid("date range", from + ".." + to, "needs both dates");
        }
        if (to.isBefore(from)) {
            throw CityOsException.invalid("date range", from + ".." + to, "ends before it starts");
        }
        if (ChronoUnit.DAYS.between(from, to) > 3660) {
            throw CityOsException.invalid("date range", from + ".." + to, "is longer than ten years");
        }
    }

    /** The range from {@code from} to {@code to}, both included. */
    public static DateRange of(LocalDate from, LocalDate to) {
        return new DateRange(from, to);
    }

    /** The first instant of the range in {@code zone}, as stored (UTC). */
    public OffsetDateTime start(ZoneId zone) {
        return from.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** The first instant after the range in {@code zone}, as stored (UTC). */
    public OffsetDateTime end(ZoneId zone) {
        return to.plusDays(1).atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return from + ".." + to;
    }
}
