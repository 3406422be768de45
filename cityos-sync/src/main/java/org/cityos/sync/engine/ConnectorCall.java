package org.cityos.sync.engine;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.sync.internal.Throttle;

/**
 * What one connector call gets: the tenant, its integration (base URL, settings), the credentials
 * (resolved on first use through the host's {@link CredentialsResolver}), the integration's rate
 * limit ({@link #throttle()} before each request) and the clock. The engine builds these;
 * {@link #of} is for testing a connector on its own.
 */
public final class ConnectorCall {
    private final TenantContext tenant;
    private final Integration integration;
    private final Supplier<Credentials> credentials;
    private final Throttle throttle;
    private final Clock clock;
    private Credentials resolved;

    /** For the engine: a call with lazily resolved credentials and a shared throttle. */
    public ConnectorCall(TenantContext tenant, Integration integration, Supplier<Credentials> credentials,
                         Throttle throttle, Clock clock) {
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.integration = Objects.requireNonNull(integration, "integration");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A call with fixed credentials and no rate limit, for testing a connector on its own. */
    public static ConnectorCall of(TenantContext tenant, Integration integration, Credentials credentials, Clock clock) {
        return new ConnectorCall(tenant, integration, () -> credentials,
                new Throttle(RateLimit.unlimited(), Duration.ZERO), clock);
    }

    public TenantContext tenant() {
        return tenant;
    }

    public Integration integration() {
        return integration;
    }

    /** The integration's credentials; a resolver failure surfaces as {@code UNAUTHORIZED}. */
    public Credentials credentials() {
        if (resolved == null) {
            resolved = Objects.requireNonNull(credentials.get(), "credentials");
        }
        return resolved;
    }

    /** The base URL without a trailing slash; {@code configuration} when the integration has none. */
    public URI baseUri() {
        String url = integration.baseUrl().orElseThrow(() -> new CityOsException(ErrorCode.CONFIGURATION,
                "integration " + integration.name() + " has no base URL"));
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    public Optional<String> setting(String key) {
        return integration.setting(key);
    }

    public String setting(String key, String fallback) {
        return integration.setting(key).orElse(fallback);
    }

    /** Waits for a permit of the integration's rate limit, or fails {@code RATE_LIMITED} when that would take too long. */
    public void throttle() {
        throttle.acquire();
    }

    public Clock clock() {
        return clock;
    }

    /**
     * A key that is the same every time this integration creates the record with this local id,
     * for sides that accept idempotency keys on creation.
     */
    public String idempotencyKey(String entityType, String localId) {
        return "cityos-" + integration.id() + "-" + entityType + "-" + localId;
    }
}
