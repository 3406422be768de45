package org.cityos.billing.rules;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import org.cityos.core.CityOsException;

/**
 * Period arithmetic in a tenant's time zone: period k starts at {@code anchor + k * count}
 * intervals, computed from the anchor each time and clamped to the month's last day (anchor
 * Jan 31 gives Feb 28 or 29, Mar 31, Apr 30, ...). Days are calendar days in the zone.
 */
public final class Periods {
    private Periods() {
    }

    /** One billing period {@code [start, end)}, the {@code index}-th from the anchor. */
    public record Period(long index, Instant start, Instant end) {
    }

    /** The start of period {@code k >= 0}. */
    public static Instant start(Instant anchor, ZoneId zone, Interval interval, int count, long k) {
        Objects.requireNonNull(anchor, "anchor");
        checkCount(count);
        if (k < 0) {
            throw CityOsException.invalid("period index", k, "must not be negative");
        }
        ZonedDateTime a = anchor.atZone(zone);
        long units;
        try {
            units = Math.multiplyExact(k, (long) count);
            ZonedDateTime s = switch (interval) {
                case DAY -> a.plusDays(units);
                case WEEK -> a.plusWeeks(units);
                case MONTH -> a.plusMonths(units);
                case YEAR -> a.plusYears(units);
            };
            return s.toInstant();
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw CityOsException.invalid("period index", k, "is out of range");
        }
    }

    /** Period {@code k}: its start and the next period's start. */
    public static Period period(Instant anchor, ZoneId zone, Interval interval, int count, long k) {
        return new Period(k, start(anchor, zone, interval, count, k), start(anchor, zone, interval, count, k + 1));
    }

    /** The period containing {@code t >= anchor}: the largest k with {@code start(k) <= t}. */
    public static Period periodAt(Instant anchor, ZoneId zone, Interval interval, int count, Instant t) {
        if (t.isBefore(anchor)) {
            throw CityOsException.invalid("time", t, "is before the anchor " + anchor);
        }
        ZonedDateTime a = anchor.atZone(zone);
        ZonedDateTime z = t.atZone(zone);
        long units = switch (interval) {
            case DAY -> ChronoUnit.DAYS.between(a, z);
            case WEEK -> ChronoUnit.WEEKS.between(a, z);
            case MONTH -> ChronoUnit.MONTHS.between(a, z);
            case YEAR -> ChronoUnit.YEARS.between(a, z);
        };
        long k = Math.max(0, units / count);
        // the estimate is off by at most one either way (clamping, DST); settle it exactly
        while (k > 0 && start(anchor, zone, interval, count, k).isAfter(t)) {
            k--;
        }
        while (!start(anchor, zone, interval, count, k + 1).isAfter(t)) {
            k++;
        }
        return period(anchor, zone, interval, count, k);
    }

    /** {@code t} plus {@code days} calendar days in {@code zone} (a trial end, a retry time). */
    public static Instant plusDays(Instant t, ZoneId zone, long days) {
        return t.atZone(zone).plusDays(days).toInstant();
    }

    private static void checkCount(int count) {
        if (count < 1) {
            throw CityOsException.invalid("interval_count", count, "must be at least 1");
        }
    }
}
