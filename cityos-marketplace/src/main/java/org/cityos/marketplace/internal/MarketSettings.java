package org.cityos.marketplace.internal;

import java.util.Map;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Values;

/**
 * The marketplace's settings of one tenant, read from the core tenant's settings map:
 * {@code default_rate_bps} (1000), {@code hold_days} (14), {@code min_payout} (0), {@code payout_schedule} (manual), plus the
 * tenant's currency. A malformed value is a {@code configuration} error naming the setting.
 */
public record MarketSettings(int defaultRateBps, int holdDays, long minPayout, String currency,
                             org.cityos.marketplace.payout.PayoutSchedule payoutSchedule) {
    public static final String DEFAULT_RATE_BPS = "default_rate_bps";
    public static final String HOLD_DAYS = "hold_days";
    public static final String MIN_PAYOUT = "min_payout";
    public static final String PAYOUT_SCHEDULE = "payout_schedule";

    public static MarketSettings of(Map<String, String> settings, String currency) {
        long rate = number(settings, DEFAULT_RATE_BPS, 1000, 0, 10_000);
        long hold = number(settings, HOLD_DAYS, 14, 0, 36_500);
        long min = number(settings, MIN_PAYOUT, 0, 0, Long.MAX_VALUE);
        return new MarketSettings((int) rate, (int) hold, min, currency,
                org.cityos.marketplace.payout.PayoutSchedule.parse(settings.get(PAYOUT_SCHEDULE)));
    }

    private static long number(Map<String, String> settings, String key, long dflt, long lo, long hi) {
        String raw = settings.get(key);
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            long v = Long.parseLong(raw.strip());
            if (v < lo || v > hi) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new CityOsException(ErrorCode.CONFIGURATION, "tenant setting " + key + " = " + Values.quote(raw)
                    + " is not a whole number in " + lo + ".." + hi);
        }
    }
}
