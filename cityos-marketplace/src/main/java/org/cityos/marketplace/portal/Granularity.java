package org.cityos.marketplace.portal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import org.cityos.marketplace.DateRange;

/** How figures over a range are bucketed: by day, by ISO week (Monday first) or by calendar month. */
public enum Granularity {
    DAY, WEEK, MONTH;

    /** The first day of the bucket that holds {@code d}. */
    public LocalDate start(LocalDate d) {
        switch (this) {
            case WEEK:
                return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH:
                return d.withDayOfMonth(1);
            default:
                return d;
        }
    }

    /** The first day of the bucket after the one that starts on {@code start}. */
    public LocalDate next(LocalDate start) {
        switch (this) {
            case WEEK:
                return start.plusWeeks(1);
            case MONTH:
                return start.plusMonths(1);
            default:
                return start.plusDays(1);
        }
    }

    /** The first days of the buckets that meet {@code range}, in order. */
    public List<LocalDate> buckets(DateRange range) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = start(range.from()); !d.isAfter(range.to()); d = next(d)) {
            out.add(d);
        }
        return out;
    }
}
