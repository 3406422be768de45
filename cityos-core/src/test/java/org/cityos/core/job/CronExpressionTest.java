package org.cityos.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.junit.jupiter.api.Test;

/** The five-field cron parser and its next-tick arithmetic; the retry policies' bounds. */
class CronExpressionTest {
    private static String next(String expr, String after) {
        return CronExpression.parse(expr).next(ZonedDateTime.parse(after)).toString();
    }

    @Test
    void next_tick_of_common_expressions() {
        assertThat(next("* * * * *", "2026-01-01T00:00:30Z[UTC]")).isEqualTo("2026-01-01T00:01Z[UTC]");
        assertThat(next("*/15 * * * *", "2026-01-01T00:14:00Z[UTC]")).isEqualTo("2026-01-01T00:15Z[UTC]");
        assertThat(next("*/15 * * * *", "2026-01-01T00:15:00Z[UTC]")).isEqualTo("2026-01-01T00:30Z[UTC]");
        assertThat(next("0 9 * * MON-FRI", "2026-01-02T09:00:00Z[UTC]")).isEqualTo("2026-01-05T09:00Z[UTC]"); // Fri -> Mon
        assertThat(next("30 2 1 * *", "2026-01-15T00:00:00Z[UTC]")).isEqualTo("2026-02-01T02:30Z[UTC]");
        assertThat(next("0 0 29 2 *", "2026-03-01T00:00:00Z[UTC]")).isEqualTo("2028-02-29T00:00Z[UTC]");
        assertThat(next("@hourly", "2026-01-01T10:59:59Z[UTC]")).isEqualTo("2026-01-01T11:00Z[UTC]");
        assertThat(next("@weekly", "2026-01-01T00:00:00Z[UTC]")).isEqualTo("2026-01-04T00:00Z[UTC]"); // a Sunday
        assertThat(next("0 0 * * 7", "2026-01-01T00:00:00Z[UTC]")).isEqualTo("2026-01-04T00:00Z[UTC]");
        assertThat(next("5,10-12 1 * jan,Mar *", "2026-02-01T00:00:00Z[UTC]")).isEqualTo("2026-03-01T01:05Z[UTC]");
        assertThat(next("0 12 1-7/3 * *", "2026-01-02T00:00:00Z[UTC]")).isEqualTo("2026-01-04T12:00Z[UTC]");
    }

    @Test
    void both_day_fields_restricted_match_either_as_in_vixie_cron() {
        // the 13th or any Friday
        assertThat(next("0 0 13 * FRI", "2026-01-01T00:00:00Z[UTC]")).isEqualTo("2026-01-02T00:00Z[UTC]");
        assertThat(next("0 0 13 * FRI", "2026-01-10T00:00:00Z[UTC]")).isEqualTo("2026-01-13T00:00Z[UTC]");
    }

    @Test
    void a_zone_with_daylight_saving_is_followed() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZonedDateTime t = CronExpression.parse("30 2 * * *").next(ZonedDateTime.of(2026, 3, 28, 12, 0, 0, 0, berlin));
        // 02:30 does not exist on 29 March 2026 in Berlin (clocks jump from 02:00 to 03:00): that
        // day has no tick, the next is the day after
        assertThat(t.toString()).isEqualTo("2026-03-30T02:30+02:00[Europe/Berlin]");
        assertThat(CronExpression.parse("0 9 * * *").next(ZonedDateTime.of(2026, 3, 29, 0, 0, 0, 0, berlin))
                .toInstant().toString()).isEqualTo("2026-03-29T07:00:00Z");
    }

    @Test
    void invalid_expressions_are_refused_naming_the_field() {
        for (String bad : new String[] {"", "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *",
                "* * * * 8", "*/0 * * * *", "5-1 * * * *", "x * * * *", "* * * FOO *"}) {
            assertThatThrownBy(() -> CronExpression.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(CityOsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
        assertThatThrownBy(() -> CronExpression.parse("* 25 * * *")).hasMessageContaining("hour field '25'");
        assertThatThrownBy(() -> CronExpression.parse("0 0 31 2 *")).hasMessageContaining("never matches");
    }

    @Test
    void exponential_backoff_uses_full_jitter_under_a_doubling_capped_ceiling() {
        RetryPolicy p = RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(60));
        SplittableRandom random = new SplittableRandom(42);
        long[] max = new long[10];
        long[] min = new long[10];
        java.util.Arrays.fill(min, Long.MAX_VALUE);
        for (int i = 0; i < 5000; i++) {
            for (int attempt = 1; attempt < 10; attempt++) {
                long ms = p.delay(attempt, random).toMillis();
                max[attempt] = Math.max(max[attempt], ms);
                min[attempt] = Math.min(min[attempt], ms);
            }
        }
        for (int attempt = 1; attempt < 10; attempt++) {
            long ceiling = Math.min(60_000, 1000L << (attempt - 1));
            assertThat(max[attempt]).as("attempt %d", attempt).isLessThanOrEqualTo(ceiling).isGreaterThan(ceiling * 9 / 10);
            assertThat(min[attempt]).as("attempt %d", attempt).isLessThan(ceiling / 10 + 1);
        }
    }

    @Test
    void a_retry_schedule_moves_each_delay_by_at_most_its_jitter_and_repeats_the_last() {
        RetryPolicy p = RetryPolicy.schedule(java.util.List.of(Duration.ofSeconds(5), Duration.ofMinutes(5)), 0.1);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            assertThat(p.delay(1, random)).isBetween(Duration.ofMillis(4500), Duration.ofMillis(5500));
            assertThat(p.delay(2, random)).isBetween(Duration.ofSeconds(270), Duration.ofSeconds(330));
            assertThat(p.delay(9, random)).isBetween(Duration.ofSeconds(270), Duration.ofSeconds(330));
        }
        assertThatThrownBy(() -> RetryPolicy.schedule(java.util.List.of(), 0.1)).hasMessageContaining("retry schedule");
        assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("retry cap");
    }

    @Test
    void schedules_have_either_a_cron_expression_or_an_interval() {
        assertThat(Schedule.every("tick", Duration.ofMinutes(5), "tick.job").nextAfter(
                java.time.Instant.parse("2026-01-01T00:00:00Z")).toString()).isEqualTo("2026-01-01T00:05:00Z");
        assertThat(Schedule.cron("nightly", "0 3 * * *", "report.run").withZone(ZoneId.of("Asia/Riyadh"))
                .nextAfter(java.time.Instant.parse("2026-01-01T00:00:00Z")).toString()).isEqualTo("2026-01-02T00:00:00Z"); // 03:00 in Riyadh is midnight UTC
        assertThatThrownBy(() -> Schedule.every("x", Duration.ofMillis(10), "a.b")).hasMessageContaining("at least 1 second");
        assertThatThrownBy(() -> Schedule.cron("Bad Name", "* * * * *", "a.b")).hasMessageContaining("schedule name");
    }
}
