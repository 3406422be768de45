package org.cityos.billing.rules;

import org.cityos.testkit.Gen;
import org.cityos.testkit.Properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.cityos.core.CityOsException;
import org.junit.jupiter.api.Test;

class PeriodsTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void a_jan_31_anchor_bills_on_each_months_last_day_through_a_leap_year() {
        Instant anchor = Instant.parse("2028-01-31T09:30:00Z");
        List<LocalDate> starts = new ArrayList<>();
        for (int k = 0; k <= 12; k++) {
            starts.add(LocalDate.ofInstant(Periods.start(anchor, UTC, Interval.MONTH, 1, k), UTC));
        }
        assertThat(starts).extracting(LocalDate::toString).containsExactly("2028-01-31", "2028-02-29", "2028-03-31",
                "2028-04-30", "2028-05-31", "2028-06-30", "2028-07-31", "2028-08-31", "2028-09-30", "2028-10-31",
                "2028-11-30", "2028-12-31", "2029-01-31");
        assertThat(LocalDate.ofInstant(Periods.start(anchor, UTC, Interval.MONTH, 1, 13), UTC))
                .hasToString("2029-02-28");
        assertThat(Periods.start(anchor, UTC, Interval.MONTH, 1, 2)).isEqualTo("2028-03-31T09:30:00Z");
    }

    @Test
    void periods_are_counted_in_the_tenants_zone() {
        // 2026-01-31 00:30 in Riyadh is 2026-01-30 21:30 UTC: the anchor day is the 31st there
        ZoneId riyadh = ZoneId.of("Asia/Riyadh");
        Instant anchor = LocalDateTime.parse("2026-01-31T00:30").atZone(riyadh).toInstant();
        assertThat(Periods.start(anchor, riyadh, Interval.MONTH, 1, 1))
                .isEqualTo(LocalDateTime.parse("2026-02-28T00:30").atZone(riyadh).toInstant());
        // and a day is a calendar day across a daylight-saving change
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant before = LocalDateTime.parse("2026-03-28T12:00").atZone(berlin).toInstant();
        assertThat(Periods.start(before, berlin, Interval.DAY, 1, 1))
                .isEqualTo(LocalDateTime.parse("2026-03-29T12:00").atZone(berlin).toInstant());
        assertThat(Periods.plusDays(before, berlin, 1).getEpochSecond() - before.getEpochSecond()).isEqualTo(23 * 3600);
    }

    @Test
    void interval_counts_and_years() {
        Instant anchor = Instant.parse("2024-02-29T00:00:00Z");
        assertThat(Periods.start(anchor, UTC, Interval.YEAR, 1, 1)).isEqualTo("2025-02-28T00:00:00Z");
        assertThat(Periods.start(anchor, UTC, Interval.YEAR, 1, 4)).isEqualTo("2028-02-29T00:00:00Z");
        assertThat(Periods.start(anchor, UTC, Interval.WEEK, 2, 1)).isEqualTo("2024-03-14T00:00:00Z");
        assertThat(Periods.start(anchor, UTC, Interval.MONTH, 3, 1)).isEqualTo("2024-05-29T00:00:00Z");
        assertThatThrownBy(() -> Periods.start(anchor, UTC, Interval.DAY, 0, 1)).isInstanceOf(CityOsException.class)
                .hasMessageContaining("interval_count");
    }

    record PeriodCase(long anchorSecond, Interval interval, int count, long offset) {
    }

    @Test
    void period_starts_increase_and_each_time_falls_in_exactly_one_period() {
        Properties.forAll(1000, g -> new PeriodCase(g.longs(0, 4_000_000_000L), g.oneOf(Interval.values()),
                g.ints(1, 14), g.longs(0, 200_000_000L)),
                c -> periodsHold(c.anchorSecond(), c.interval(), c.count(), c.offset()));
    }

    private static void periodsHold(long anchorSecond, Interval interval, int count, long offset) {
        Instant anchor = Instant.ofEpochSecond(anchorSecond);
        Instant t = anchor.plusSeconds(offset);
        Periods.Period p = Periods.periodAt(anchor, UTC, interval, count, t);
        assertThat(p.start()).isBeforeOrEqualTo(t);
        assertThat(p.end()).isAfter(t);
        assertThat(p.start()).isEqualTo(Periods.start(anchor, UTC, interval, count, p.index()));
        assertThat(p.end()).isEqualTo(Periods.start(anchor, UTC, interval, count, p.index() + 1));
    }

    @Test
    void monthly_starts_keep_the_anchor_day_or_the_months_last_day() {
        Properties.forAll(1000, g -> new int[] {g.ints(1, 31), g.ints(0, 60)}, a -> monthEndsHold(a[0], a[1]));
    }

    private static void monthEndsHold(int day, int k) {
        LocalDate anchorDate = LocalDate.of(2027, 1, day);
        Instant anchor = anchorDate.atStartOfDay(UTC).toInstant();
        LocalDate start = LocalDate.ofInstant(Periods.start(anchor, UTC, Interval.MONTH, 1, k), UTC);
        LocalDate month = anchorDate.plusMonths(k).withDayOfMonth(1);
        assertThat(start.withDayOfMonth(1)).isEqualTo(month);
        assertThat(start.getDayOfMonth()).isEqualTo(Math.min(day, month.lengthOfMonth()));
    }
}
