package org.cityos.billing.plan;

import java.util.Objects;
import java.util.regex.Pattern;

import org.cityos.billing.rules.Interval;
import org.cityos.billing.rules.Pricing;
import org.cityos.core.CityOsException;

/**
 * What a new plan is made of; validated here ({@code invalid_argument} for a bad code, name,
 * interval count below 1 or negative trial days). The currency is the tenant's.
 */
public record NewPlan(String code, String name, Interval interval, int intervalCount, int trialDays,
                      Pricing pricing) {
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public NewPlan {
        if (code == null || !CODE.matcher(code).matches()) {
            throw CityOsException.invalid("plan code", code, "must be 1..63 of a-z, 0-9, '.', '_', '-'");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw CityOsException.invalid("plan name", name, "must be 1..200 characters");
        }
        Objects.requireNonNull(interval, "interval");
        if (intervalCount < 1) {
            throw CityOsException.invalid("interval_count", intervalCount, "must be at least 1");
        }
        if (intervalCount > 1000) {
            throw CityOsException.invalid("interval_count", intervalCount, "must be at most 1000");
        }
        if (trialDays < 0 || trialDays > 3650) {
            throw CityOsException.invalid("trial_days", trialDays, "must be between 0 and 3650");
        }
        Objects.requireNonNull(pricing, "pricing");
    }

    /** A plan billed every month, no trial. */
    public static NewPlan monthly(String code, String name, Pricing pricing) {
        return new NewPlan(code, name, Interval.MONTH, 1, 0, pricing);
    }

    /** The same plan billed every {@code count} {@code interval}s. */
    public NewPlan every(int count, Interval every) {
        return new NewPlan(code, name, every, count, trialDays, pricing);
    }

    /** The same plan with a trial of {@code days} days. */
    public NewPlan withTrialDays(int days) {
        return new NewPlan(code, name, interval, intervalCount, days, pricing);
    }
}
