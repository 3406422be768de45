package org.cityos.core.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.cityos.core.CityOsException;
import org.cityos.core.Json;
import org.cityos.core.TenantId;

/**
 * A job to enqueue: its type (the handler that runs it), a JSON payload, and optionally a
 * tenant, a time to run at or a delay, a maximum number of attempts, an idempotency key (a
 * second enqueue with the same key is a no-op) and an ordering key (jobs with the same key run
 * one at a time, in enqueue order). Built with {@link #of} and the {@code with*} methods.
 */
public record NewJob(String type, String payload, Optional<TenantId> tenant, Optional<Instant> runAt,
                     Optional<Duration> delay, int maxAttempts, Optional<String> idempotencyKey,
                     Optional<String> orderingKey) {
    /** Attempts a job gets unless told otherwise. */
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*([.:-][a-z0-9_]+)*");

    public NewJob {
        if (type == null || type.length() > 100 || !TYPE.matcher(type).matches()) {
            throw CityOsException.invalid("job type", type, "must look like 'payout.run' (lower case, at most 100 characters)");
        }
        if (payload == null) {
            throw CityOsException.invalid("job payload", null, "must be JSON, not null");
        }
        if (payload.length() > 65536) {
            throw CityOsException.invalid("job payload", payload.length() + " characters",
                    "is too long (at most 65536): pass ids, not data");
        }
        tenant = tenant == null ? Optional.empty() : tenant;
        runAt = runAt == null ? Optional.empty() : runAt;
        delay = delay == null ? Optional.empty() : delay;
        if (delay.isPresent() && delay.get().isNegative()) {
            throw CityOsException.invalid("job delay", delay.get(), "must not be negative");
        }
        if (maxAttempts < 1 || maxAttempts > 1000) {
            throw CityOsException.invalid("job max attempts", maxAttempts, "must be between 1 and 1000");
        }
        idempotencyKey = checkKey("job idempotency key", idempotencyKey);
        orderingKey = checkKey("job ordering key", orderingKey);
    }

    private static Optional<String> checkKey(String what, Optional<String> key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        String k = key.get();
        if (k.isBlank() || k.length() > 255) {
            throw CityOsException.invalid(what, k, "must be 1 to 255 characters");
        }
        return key;
    }

    /** A job of {@code type} whose payload is {@code payload} serialised to JSON. */
    public static NewJob of(String type, Object payload) {
        String json = payload == null ? "{}" : Json.write(payload);
        return new NewJob(type, json, Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_MAX_ATTEMPTS,
                Optional.empty(), Optional.empty());
    }

    /** A job of {@code type} whose payload is the given JSON text (checked to parse). */
    public static NewJob ofJson(String type, String json) {
        try {
            Json.MAPPER.readTree(json);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw CityOsException.invalid("job payload", json, "is not JSON");
        }
        return new NewJob(type, json, Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_MAX_ATTEMPTS,
                Optional.empty(), Optional.empty());
    }

    /** The same job for {@code tenant}: its handler runs in a transaction scoped to that tenant. */
    public NewJob withTenant(TenantId t) {
        return new NewJob(type, payload, Optional.of(t), runAt, delay, maxAttempts, idempotencyKey, orderingKey);
    }

    /** The same job, due at {@code at} instead of now. */
    public NewJob withRunAt(Instant at) {
        return new NewJob(type, payload, tenant, Optional.of(at), Optional.empty(), maxAttempts, idempotencyKey,
                orderingKey);
    }

    /** The same job, due {@code d} after it is enqueued. */
    public NewJob withDelay(Duration d) {
        return new NewJob(type, payload, tenant, Optional.empty(), Optional.of(d), maxAttempts, idempotencyKey,
                orderingKey);
    }

    public NewJob withMaxAttempts(int n) {
        return new NewJob(type, payload, tenant, runAt, delay, n, idempotencyKey, orderingKey);
    }

    /** The same job with an idempotency key: enqueueing a job whose key exists already is a no-op. */
    public NewJob withIdempotencyKey(String key) {
        return new NewJob(type, payload, tenant, runAt, delay, maxAttempts, Optional.ofNullable(key), orderingKey);
    }

    /** The same job with an ordering key: jobs sharing it run one at a time in enqueue order. */
    public NewJob withOrderingKey(String key) {
        return new NewJob(type, payload, tenant, runAt, delay, maxAttempts, idempotencyKey, Optional.ofNullable(key));
    }
}
