package org.cityos.billing.rules;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Values;

/**
 * When failed payments are retried: retry slot i runs {@code retryDays[i]} calendar days (tenant
 * zone) after the first failure; when the attempt of the last slot fails the invoice becomes
 * uncollectible and the subscription {@code unpaid} or {@code canceled}. Read from the tenant
 * settings {@value #RETRY_DAYS} (default {@code 1,3,7}) and {@value #ON_EXHAUSTED} (default {@code unpaid}).
 */
public record DunningSchedule(List<Integer> retryDays, Exhaustion onExhausted) {
    /** Tenant setting: comma-separated, strictly increasing whole days after the first failure; empty for none. */
    public static final String RETRY_DAYS = "billing.dunning.retry_days";
    /** Tenant setting: {@code unpaid} or {@code canceled}. */
    public static final String ON_EXHAUSTED = "billing.dunning.on_exhausted";
    /** 1, 3 and 7 days after the first failure; then unpaid. */
    public static final DunningSchedule DEFAULT = new DunningSchedule(List.of(1, 3, 7), Exhaustion.UNPAID);

    /** What happens to the subscription when the last retry fails. */
    public enum Exhaustion { UNPAID, CANCELED }

    public DunningSchedule {
        retryDays = List.copyOf(retryDays);
        int previous = 0;
        for (int d : retryDays) {
            if (d <= previous) {
                throw new CityOsException(ErrorCode.CONFIGURATION, RETRY_DAYS + " " + Values.quote(retryDays)
                        + " must be whole days, at least 1 and strictly increasing");
            }
            previous = d;
        }
        java.util.Objects.requireNonNull(onExhausted, "onExhausted");
    }

    /** The schedule in a tenant's settings, defaults where unset; {@code configuration} error naming a bad value. */
    public static DunningSchedule fromSettings(Map<String, String> settings) {
        List<Integer> days = DEFAULT.retryDays;
        String text = settings.get(RETRY_DAYS);
        if (text != null) {
            days = new ArrayList<>();
            if (!text.isBlank()) {
                for (String part : text.split(",")) {
                    try {
                        days.add(Integer.parseInt(part.trim()));
                    } catch (NumberFormatException e) {
                        throw new CityOsException(ErrorCode.CONFIGURATION, RETRY_DAYS + " " + Values.quote(text)
                                + " must be comma-separated whole days, e.g. 1,3,7");
                    }
                }
            }
        }
        Exhaustion exhausted = DEFAULT.onExhausted;
        String then = settings.get(ON_EXHAUSTED);
        if (then != null) {
            exhausted = switch (then) {
                case "unpaid" -> Exhaustion.UNPAID;
                case "canceled" -> Exhaustion.CANCELED;
                default -> throw new CityOsException(ErrorCode.CONFIGURATION, ON_EXHAUSTED + " " + Values.quote(then)
                        + " must be 'unpaid' or 'canceled'");
            };
        }
        return new DunningSchedule(days, exhausted);
    }

    /** How many retries follow the first attempt. */
    public int slots() {
        return retryDays.size();
    }

    /** When retry slot {@code slot} (0-based) runs. */
    public Instant retryAt(Instant firstFailure, ZoneId zone, int slot) {
        return Periods.plusDays(firstFailure, zone, retryDays.get(slot));
    }

    /**
     * The retry slot to run at {@code now}: the latest slot at or after {@code fromSlot} that is due,
     * so a late run makes one attempt for the latest missed slot rather than several in a row.
     */
    public OptionalInt dueSlot(Instant firstFailure, ZoneId zone, int fromSlot, Instant now) {
        int found = -1;
        for (int i = Math.max(0, fromSlot); i < retryDays.size(); i++) {
            if (!retryAt(firstFailure, zone, i).isAfter(now)) {
                found = i;
            }
        }
        return found < 0 ? OptionalInt.empty() : OptionalInt.of(found);
    }
}
