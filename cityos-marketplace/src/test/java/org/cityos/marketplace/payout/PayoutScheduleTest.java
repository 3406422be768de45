package org.cityos.marketplace.payout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.testkit.Properties;
import org.junit.jupiter.api.Test;

class PayoutScheduleTest {
    private static final ZoneId RIYADH = ZoneId.of("Asia/Riyadh"); // UTC+3, no DST
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(String s) {
        return Instant.parse(s);
    }

    @Test
    void parses_the_setting_and_prints_it_back() {
        assertThat(PayoutSchedule.parse(null)).isEqualTo(PayoutSchedule.manual());
        assertThat(PayoutSchedule.parse(" Daily ")).isEqualTo(PayoutSchedule.daily(LocalTime.MIDNIGHT));
        assertThat(PayoutSchedule.parse("weekly:monday@09:30"))
                .isEqualTo(PayoutSchedule.weekly(DayOfWeek.MONDAY, LocalTime.of(9, 30)));
        assertThat(PayoutSchedule.parse("monthly:31")).isEqualTo(PayoutSchedule.monthly(31, LocalTime.MIDNIGHT));
        for (String s : new String[] {"manual", "daily@06:00", "weekly:friday", "monthly:15@23:59"}) {
            assertThat(PayoutSchedule.parse(s).toString()).isEqualTo(s);
        }
        for (String bad : new String[] {"hourly", "weekly", "weekly:someday", "monthly:0", "monthly:32", "daily@25:00",
                "manual@10:00", "daily:3"}) {
            assertThatThrownBy(() -> PayoutSchedule.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(CityOsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
                        assertThat(e.getMessage()).contains("payout_schedule").contains(bad);
                    });
        }
    }

    @Test
    void daily_is_due_once_per_local_day_after_its_time() {
        PayoutSchedule s = PayoutSchedule.parse("daily@09:00");
        // 09:00 in Riyadh is 06:00 UTC
        assertThat(s.lastSlot(at("2026-03-02T05:59:59Z"), RIYADH)).contains(at("2026-03-01T06:00:00Z"));
        assertThat(s.lastSlot(at("2026-03-02T06:00:00Z"), RIYADH)).contains(at("2026-03-02T06:00:00Z"));
        Optional<Instant> ran = Optional.of(at("2026-03-01T06:00:00Z"));
        assertThat(s.isDue(at("2026-03-02T05:59:59Z"), RIYADH, ran)).isFalse();
        assertThat(s.isDue(at("2026-03-02T06:00:00Z"), RIYADH, ran)).isTrue();
        assertThat(s.isDue(at("2026-03-02T06:00:00Z"), RIYADH, Optional.of(at("2026-03-02T06:00:00Z")))).isFalse();
        assertThat(s.isDue(at("2026-03-02T06:00:00Z"), RIYADH, Optional.empty())).isTrue();
        assertThat(PayoutSchedule.manual().isDue(at("2026-03-02T06:00:00Z"), RIYADH, Optional.empty())).isFalse();
    }

    @Test
    void weekly_falls_on_its_weekday_in_the_tenants_zone() {
        PayoutSchedule s = PayoutSchedule.parse("weekly:monday@01:00");
        // Monday 2026-03-02 01:00 in Riyadh is Sunday 22:00 UTC
        assertThat(s.lastSlot(at("2026-03-01T22:00:00Z"), RIYADH)).contains(at("2026-03-01T22:00:00Z"));
        assertThat(s.lastSlot(at("2026-03-01T21:59:00Z"), RIYADH)).contains(at("2026-02-22T22:00:00Z"));
        assertThat(s.lastSlot(at("2026-03-08T12:00:00Z"), RIYADH)).contains(at("2026-03-08T22:00:00Z").minusSeconds(7 * 86400));
    }

    @Test
    void monthly_on_a_day_the_month_lacks_means_its_last_day() {
        PayoutSchedule s = PayoutSchedule.parse("monthly:31");
        assertThat(s.lastSlot(at("2026-02-27T12:00:00Z"), ZoneId.of("UTC"))).contains(at("2026-01-31T00:00:00Z"));
        assertThat(s.lastSlot(at("2026-02-28T00:00:00Z"), ZoneId.of("UTC"))).contains(at("2026-02-28T00:00:00Z"));
        assertThat(s.lastSlot(at("2026-03-30T23:59:59Z"), ZoneId.of("UTC"))).contains(at("2026-02-28T00:00:00Z"));
        assertThat(s.lastSlot(at("2026-03-31T00:00:00Z"), ZoneId.of("UTC"))).contains(at("2026-03-31T00:00:00Z"));
        assertThat(PayoutSchedule.parse("monthly:15").lastSlot(at("2026-01-10T00:00:00Z"), ZoneId.of("UTC")))
                .contains(at("2025-12-15T00:00:00Z"));
    }

    @Test
    void a_slot_in_a_daylight_saving_gap_moves_forward() {
        // Berlin skips 02:00-03:00 on 2026-03-29
        PayoutSchedule s = PayoutSchedule.parse("daily@02:30");
        assertThat(s.lastSlot(at("2026-03-29T12:00:00Z"), BERLIN)).contains(at("2026-03-29T01:30:00Z"));
    }

    @Test
    void the_last_slot_is_never_after_now_and_no_slot_lies_between_it_and_now() {
        record Input(PayoutSchedule s, Instant now) {
        }
        Properties.forAll(500, g -> {
            int k = g.ints(0, 2);
            PayoutSchedule s = k == 0 ? PayoutSchedule.daily(LocalTime.of(g.ints(0, 23), 0))
                    : k == 1 ? PayoutSchedule.weekly(DayOfWeek.of(g.ints(1, 7)), LocalTime.of(g.ints(0, 23), 15))
                    : PayoutSchedule.monthly(g.ints(1, 31), LocalTime.of(12, 0));
            return new Input(s, Instant.ofEpochSecond(g.longs(1_700_000_000L, 1_900_000_000L)));
        }, in -> {
            PayoutSchedule s = in.s();
            Instant now = in.now();
            for (ZoneId zone : new ZoneId[] {RIYADH, BERLIN, ZoneId.of("America/New_York")}) {
                Instant slot = s.lastSlot(now, zone).orElseThrow();
                assertThat(slot).isBeforeOrEqualTo(now);
                // a run at the slot is not due again until the next slot
                assertThat(s.isDue(now, zone, Optional.of(slot))).isFalse();
                assertThat(s.isDue(now, zone, Optional.of(slot.minusSeconds(1)))).isTrue();
                // the slot is at most one period (31 days) back
                assertThat(slot).isAfter(now.minusSeconds(32L * 86400));
            }
        });
    }
}
