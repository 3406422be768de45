package org.cityos.core.job;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Pattern;

import org.cityos.core.CityOsException;
import org.cityos.core.Json;
import org.cityos.core.TenantId;

/**
 * A recurring job: on a cron expression (in a time zone) or every fixed interval, enqueue a job
 * of {@code jobType} with {@code payload}. Ticks more than {@code misfireGrace} late follow the
 * {@link MisfirePolicy}. Built with {@link #cron} or {@link #every} and the {@code with*} methods.
 */
public record Schedule(String name, String jobType, String payload, Optional<TenantId> tenant,
                       Optional<CronExpression> cron, Optional<Duration> interval, ZoneId zone,
                       MisfirePolicy misfire, Duration misfireGrace, int maxAttempts) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.:-]{0,99}");

    public Schedule {
        if (name == null || !NAME.matcher(name).matches()) {
            throw CityOsException.invalid("schedule name", name, "must be lower case, at most 100 characters");
        }
        // the job fields are checked as a job would be
        new NewJob(jobType, payload, tenant, Optional.empty(), Optional.empty(), maxAttempts, Optional.empty(),
                Optional.empty());
        cron = cron == null ? Optional.empty() : cron;
        interval = interval == null ? Optional.empty() : interval;
        if (cron.isPresent() == interval.isPresent()) {
            throw CityOsException.invalid("schedule " + name, cron.isPresent() ? "cron and interval" : "neither",
                    "must have either a cron expression or an interval");
        }
        if (interval.isPresent() && interval.get().compareTo(Duration.ofSeconds(1)) < 0) {
            throw CityOsException.invalid("schedule interval", interval.get(), "must be at least 1 second");
        }
        if (zone == null || misfire == null) {
            throw CityOsException.invalid("schedule " + name, zone == null ? "zone" : "misfire", "must not be null");
        }
        if (misfireGrace == null || misfireGrace.isNegative()) {
            throw CityOsException.invalid("schedule misfire grace", misfireGrace, "must not be negative");
        }
    }

    /** Fires on {@code expression} (five fields, UTC unless {@link #withZone}); the payload is {@code {}}. */
    public static Schedule cron(String name, String expression, String jobType) {
        return new Schedule(name, jobType, "{}", Optional.empty(), Optional.of(CronExpression.parse(expression)),
                Optional.empty(), ZoneOffset.UTC, MisfirePolicy.FIRE_ONCE_NOW, Duration.ofMinutes(1),
                NewJob.DEFAULT_MAX_ATTEMPTS);
    }

    /** Fires every {@code interval}, the first time one interval after it is registered. */
    public static Schedule every(String name, Duration interval, String jobType) {
        return new Schedule(name, jobType, "{}", Optional.empty(), Optional.empty(), Optional.of(interval),
                ZoneOffset.UTC, MisfirePolicy.FIRE_ONCE_NOW, Duration.ofMinutes(1), NewJob.DEFAULT_MAX_ATTEMPTS);
    }

    public Schedule withPayload(Object p) {
        return new Schedule(name, jobType, p == null ? "{}" : Json.write(p), tenant, cron, interval, zone, misfire,
                misfireGrace, maxAttempts);
    }

    public Schedule withTenant(TenantId t) {
        return new Schedule(name, jobType, payload, Optional.of(t), cron, interval, zone, misfire, misfireGrace,
                maxAttempts);
    }

    /** The zone a cron expression is read in (default UTC). */
    public Schedule withZone(ZoneId z) {
        return new Schedule(name, jobType, payload, tenant, cron, interval, z, misfire, misfireGrace, maxAttempts);
    }

    public Schedule withMisfire(MisfirePolicy policy, Duration grace) {
        return new Schedule(name, jobType, payload, tenant, cron, interval, zone, policy, grace, maxAttempts);
    }

    public Schedule withMaxAttempts(int n) {
        return new Schedule(name, jobType, payload, tenant, cron, interval, zone, misfire, misfireGrace, n);
    }

    /** The first tick strictly after {@code after}. */
    public Instant nextAfter(Instant after) {
        if (interval.isPresent()) {
            return after.plus(interval.get());
        }
        return cron.get().next(after.atZone(zone)).toInstant();
    }
}
