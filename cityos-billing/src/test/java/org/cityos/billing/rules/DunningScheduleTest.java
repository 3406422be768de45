package org.cityos.billing.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.junit.jupiter.api.Test;

class DunningScheduleTest {
    private final Instant failed = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void the_default_retries_1_3_and_7_days_after_the_first_failure_then_goes_unpaid() {
        DunningSchedule d = DunningSchedule.fromSettings(Map.of());
        assertThat(d).isEqualTo(DunningSchedule.DEFAULT);
        assertThat(d.retryAt(failed, ZoneOffset.UTC, 0)).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(d.retryAt(failed, ZoneOffset.UTC, 1)).isEqualTo("2026-03-04T10:00:00Z");
        assertThat(d.retryAt(failed, ZoneOffset.UTC, 2)).isEqualTo("2026-03-08T10:00:00Z");
        assertThat(d.onExhausted()).isEqualTo(DunningSchedule.Exhaustion.UNPAID);
    }

    @Test
    void a_late_run_takes_the_latest_due_slot_only() {
        DunningSchedule d = DunningSchedule.DEFAULT;
        assertThat(d.dueSlot(failed, ZoneOffset.UTC, 0, Instant.parse("2026-03-02T09:59:59Z"))).isEmpty();
        assertThat(d.dueSlot(failed, ZoneOffset.UTC, 0, Instant.parse("2026-03-02T10:00:00Z"))).hasValue(0);
        assertThat(d.dueSlot(failed, ZoneOffset.UTC, 0, Instant.parse("2026-03-05T00:00:00Z"))).hasValue(1);
        assertThat(d.dueSlot(failed, ZoneOffset.UTC, 2, Instant.parse("2026-03-05T00:00:00Z"))).isEmpty();
        assertThat(d.dueSlot(failed, ZoneOffset.UTC, 0, Instant.parse("2027-01-01T00:00:00Z"))).hasValue(2);
    }

    @Test
    void tenant_settings_change_the_schedule_and_bad_ones_name_the_setting() {
        DunningSchedule d = DunningSchedule.fromSettings(Map.of(DunningSchedule.RETRY_DAYS, "2, 5",
                DunningSchedule.ON_EXHAUSTED, "canceled"));
        assertThat(d.retryDays()).containsExactly(2, 5);
        assertThat(d.onExhausted()).isEqualTo(DunningSchedule.Exhaustion.CANCELED);
        assertThat(DunningSchedule.fromSettings(Map.of(DunningSchedule.RETRY_DAYS, "")).slots()).isZero();
        assertThatThrownBy(() -> DunningSchedule.fromSettings(Map.of(DunningSchedule.RETRY_DAYS, "3,1")))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("billing.dunning.retry_days");
        assertThatThrownBy(() -> DunningSchedule.fromSettings(Map.of(DunningSchedule.RETRY_DAYS, "1,x")))
                .hasMessageContaining("1,x");
        assertThatThrownBy(() -> DunningSchedule.fromSettings(Map.of(DunningSchedule.ON_EXHAUSTED, "delete")))
                .hasMessageContaining("delete");
    }
}
