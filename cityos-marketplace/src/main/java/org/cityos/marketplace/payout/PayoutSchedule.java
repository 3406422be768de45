package org.cityos.marketplace.payout;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Values;

/**
 * A tenant's recurring payout schedule, from the tenant setting {@code payout_schedule}:
 * {@code manual} (no schedule), {@code daily}, {@code weekly:<weekday>} or {@code monthly:<day>},
 * each optionally followed by {@code @HH:mm} (default 00:00), in the tenant's time zone. A monthly
 * day past the month's end means its last day. Pure: {@link #isDue} is all the scheduler asks.
 */
public record PayoutSchedule(Kind kind, Optional<DayOfWeek> weekday, int dayOfMonth, LocalTime at) {
    /** How often payouts run. */
    public enum Kind { MANUAL, DAILY, WEEKLY, MONTHLY }

    public PayoutSchedule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        weekday = Objects.requireNonNullElse(weekday, Optional.empty());
        if (kind == Kind.WEEKLY && weekday.isEmpty()) {
            throw CityOsException.invalid("payout schedule", kind, "weekly needs a weekday");
        }
        if (kind == Kind.MONTHLY && (dayOfMonth < 1 || dayOfMonth > 31)) {
            throw CityOsException.invalid("payout schedule day", dayOfMonth, "must be 1-31");
        }
    }

    /** No schedule: payouts run only on demand. */
    public static PayoutSchedule manual() {
        return new PayoutSchedule(Kind.MANUAL, Optional.empty(), 0, LocalTime.MIDNIGHT);
    }

    /** Every day at {@code at}. */
    public static PayoutSchedule daily(LocalTime at) {
        return new PayoutSchedule(Kind.DAILY, Optional.empty(), 0, at);
    }

    /** Every week on {@code day} at {@code at}. */
    public static PayoutSchedule weekly(DayOfWeek day, LocalTime at) {
        return new PayoutSchedule(Kind.WEEKLY, Optional.of(day), 0, at);
    }

    /** Every month on {@code day} (its last day when shorter) at {@code at}. */
    public static PayoutSchedule monthly(int day, LocalTime at) {
        return new PayoutSchedule(Kind.MONTHLY, Optional.empty(), day, at);
    }

    /**
     * Parses the setting ({@code null} or blank: manual).
     *
     * @throws CityOsException {@code configuration} naming the setting and its value
     */
    public static PayoutSchedule parse(String text) {
        if (text == null || text.isBlank()) {
            return manual();
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        try {
            LocalTime at = LocalTime.MIDNIGHT;
            int atSign = s.indexOf('@');
            if (atSign >= 0) {
                at = LocalTime.parse(s.substring(atSign + 1));
                s = s.substring(0, atSign);
            }
            String[] parts = s.split(":", 2);
            switch (parts[0]) {
                case "manual":
                    if (parts.length == 1 && atSign < 0) {
                        return manual();
                    }
                    break;
                case "daily":
                    if (parts.length == 1) {
                        return daily(at);
                    }
                    break;
                case "weekly":
                    if (parts.length == 2) {
                        return weekly(DayOfWeek.valueOf(parts[1].toUpperCase(Locale.ROOT)), at);
                    }
                    break;
                case "monthly":
                    if (parts.length == 2) {
                        return monthly(Integer.parseInt(parts[1]), at);
                    }
                    break;
                default:
                    break;
            }
        } catch (IllegalArgumentException | DateTimeParseException | CityOsException e) {
            // reported below with the whole value
        }
        throw new CityOsException(ErrorCode.CONFIGURATION, "tenant setting payout_schedule = " + Values.quote(text)
                + " is not manual, daily, weekly:<weekday> or monthly:<1-31>, optionally with @HH:mm");
    }

    /**
     * The latest scheduled moment at or before {@code now} in {@code zone}; empty for manual.
     * A local time that a daylight-saving gap skips moves forward by the gap's length.
     */
    public Optional<Instant> lastSlot(Instant now, ZoneId zone) {
        if (kind == Kind.MANUAL) {
            return Optional.empty();
        }
        LocalDate today = now.atZone(zone).toLocalDate();
        // the candidate on or before today, stepping back one period while it lies after now
        LocalDate day = candidateOnOrBefore(today);
        for (int i = 0; i < 3; i++) {
            Instant slot = ZonedDateTime.of(day, at, zone).toInstant();
            if (!slot.isAfter(now)) {
                return Optional.of(slot);
            }
            day = candidateOnOrBefore(day.minusDays(1));
        }
        throw new IllegalStateException("no slot found before " + now);
    }

    private LocalDate candidateOnOrBefore(LocalDate d) {
        switch (kind) {
            case DAILY:
                return d;
            case WEEKLY:
                return d.with(TemporalAdjusters.previousOrSame(weekday.orElseThrow()));
            case MONTHLY:
                LocalDate inMonth = d.withDayOfMonth(Math.min(dayOfMonth, d.lengthOfMonth()));
                if (!inMonth.isAfter(d)) {
                    return inMonth;
                }
                LocalDate prev = d.minusMonths(1);
                return prev.withDayOfMonth(Math.min(dayOfMonth, prev.lengthOfMonth()));
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /**
     * Whether a run is due at {@code now}: the schedule has a slot at or before {@code now} that is
     * later than the last slot already run ({@code lastRunSlot}, empty when none ran yet).
     */
    public boolean isDue(Instant now, ZoneId zone, Optional<Instant> lastRunSlot) {
        Optional<Instant> slot = lastSlot(now, zone);
        return slot.isPresent() && (lastRunSlot.isEmpty() || slot.get().isAfter(lastRunSlot.get()));
    }

    @Override
    public String toString() {
        String time = at.equals(LocalTime.MIDNIGHT) ? "" : "@" + at;
        switch (kind) {
            case WEEKLY:
                return "weekly:" + weekday.orElseThrow().name().toLowerCase(Locale.ROOT) + time;
            case MONTHLY:
                return "monthly:" + dayOfMonth + time;
            case DAILY:
                return "daily" + time;
            default:
                return "manual";
        }
    }
}
