package org.cityos.sync.internal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.core.internal.Db;
import org.cityos.sync.SyncConfig;
import org.cityos.sync.engine.Connector;
import org.cityos.sync.engine.ConnectorCall;
import org.cityos.sync.engine.ConnectorException;
import org.cityos.sync.engine.Credentials;
import org.cityos.sync.engine.CredentialsResolver;
import org.cityos.sync.engine.EntitySpec;
import org.cityos.sync.engine.Integration;
import org.cityos.sync.engine.LocalSide;
import org.cityos.sync.engine.RateLimit;

/**
 * What the sync engine's public service and its job handlers share (internal): the database,
 * configuration, the connectors registered on this node, the credentials port, the local side,
 * and one rate-limit bucket per integration.
 */
public final class Parts {
    public static final String PULL_JOB = "cityos.sync.pull";
    public static final String PUSH_JOB = "cityos.sync.push";
    public static final String RESYNC_JOB = "cityos.sync.resync";
    public static final String SUBSCRIBER = "cityos-sync";

    public final CityOs cityOs;
    public final Db db;
    public final SyncConfig config;
    public final Map<String, Connector> connectors;
    public final CredentialsResolver credentials;
    public final Optional<LocalSide> local;
    public final UrlGuard guard;
    private final Map<UUID, Throttle> throttles = new ConcurrentHashMap<>();

    public Parts(CityOs cityOs, SyncConfig config, Map<String, Connector> connectors, CredentialsResolver credentials,
                 Optional<LocalSide> local) {
        this.cityOs = cityOs;
        this.db = cityOs.db();
        this.config = config;
        this.connectors = Map.copyOf(connectors);
        this.credentials = credentials;
        this.local = local;
        this.guard = new UrlGuard(config.allowPrivateNetworks(), config.allowedHosts());
    }

    public OffsetDateTime now() {
        return OffsetDateTime.ofInstant(db.clock().instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** The connector of an integration; {@code conflict} when this node has none of that name. */
    public Connector connector(Integration in) {
        Connector c = connectors.get(in.connector());
        if (c == null) {
            throw CityOsException.conflict("connector '" + in.connector() + "' of integration " + in.name()
                    + " is not registered on this node");
        }
        return c;
    }

    /** The spec of an entity type; {@code invalid_argument} when the connector does not serve it. */
    public static EntitySpec spec(Connector c, String type) {
        return c.entities().stream().filter(s -> s.type().equals(type)).findFirst()
                .orElseThrow(() -> CityOsException.invalid("entity type", type, "is not served by connector "
                        + c.name()));
    }

    /** A call on {@code in} for {@code ctx}: credentials resolved on first use, the integration's throttle. */
    public ConnectorCall call(TenantContext ctx, Integration in, Connector c) {
        if (in.baseUrl().isPresent()) {
            guard.check(in.baseUrl().get());
        }
        Throttle throttle = throttles.compute(in.id().value(), (k, old) -> {
            RateLimit limit = limit(in, c);
            return old != null && old.perSecond() == limit.perSecond() && old.burst() == limit.burst() ? old
                    : new Throttle(limit, config.rateLimitMaxWait());
        });
        return new ConnectorCall(ctx, in, () -> in.credentialsRef().isEmpty() ? Credentials.none()
                : resolve(ctx, in), throttle, db.clock());
    }

    private Credentials resolve(TenantContext ctx, Integration in) {
        try {
            return credentials.resolve(ctx.tenant(), in.credentialsRef().get());
        } catch (ConnectorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ConnectorException.unauthorized("credentials of integration " + in.name() + " could not be resolved: "
                    + e.getClass().getSimpleName(), null);
        }
    }

    private static RateLimit limit(Integration in, Connector c) {
        Optional<String> s = in.setting("rate_limit_per_second");
        if (s.isEmpty()) {
            return c.rateLimit();
        }
        try {
            double perSecond = Double.parseDouble(s.get());
            return RateLimit.perSecond(perSecond, Math.max(1, (int) Math.ceil(perSecond)));
        } catch (NumberFormatException e) {
            throw new CityOsException(ErrorCode.CONFIGURATION, "integration " + in.name()
                    + " has a rate_limit_per_second that is not a number: " + s.get());
        }
    }

    /** The delay a failed call asks for, bounded to a day. */
    public static Optional<Duration> retryAfter(ConnectorException e) {
        return e.retryAfter().map(d -> d.isNegative() ? Duration.ZERO : d.compareTo(Duration.ofDays(1)) > 0
                ? Duration.ofDays(1) : d);
    }
}
