package org.cityos.examples.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.identity.JwtVerifier;
import org.cityos.core.identity.apikey.ApiKeys;
import org.cityos.core.identity.authz.Authorizer;
import org.cityos.core.identity.authz.CerbosAuthorizer;
import org.cityos.core.identity.authz.DecisionListener;
import org.cityos.core.identity.authz.EmbeddedAuthorizer;
import org.cityos.core.job.JobWorkers;
import org.cityos.core.ops.micrometer.CityOsMeterBinder;
import org.cityos.core.resolution.TenantResolver;
import org.cityos.examples.http.ErrorMapping.ApiError;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.payout.AlwaysPaysProvider;
import org.cityos.marketplace.portal.VendorAccess;
import org.cityos.sync.Sync;
import org.cityos.sync.webhook.InboundSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example host: CityOS, the marketplace and sync modules, API keys, JWT verification, tenant
 * resolution and an authorizer, all built once at start, behind a Javalin 7 server. Every
 * request turns into a {@code TenantContext} through the {@link RequestGate}; every refusal
 * becomes a JSON error through {@link ErrorMapping}.
 *
 * <pre>{@code
 * try (CityOsHttp host = CityOsHttp.start(HttpSettings.builder().port(0).build())) {
 *     URI base = host.baseUri();
 * }
 * }</pre>
 */
public final class CityOsHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CityOsHttp.class);

    private final HttpSettings settings;
    private final CityOs cityOs;
    private final boolean ownsCityOs;
    private final Marketplace market;
    private final Sync sync;
    private final ApiKeys apiKeys;
    private final BearerTokens tokens;
    private final Optional<JobWorkers> workers;
    private final PrometheusMeterRegistry metricsRegistry;
    private final CityOsMeterBinder metrics;
    private final Javalin server;

    private CityOsHttp(HttpSettings s) {
        this.settings = s;
        // 1. the library on the host's database (or a fresh in-memory H2 one), migrated at start
        this.ownsCityOs = s.dataSource().isEmpty();
        this.cityOs = s.dataSource()
                .map(ds -> CityOs.builder().dataSource(ds).migrationDataSource(s.ownerDataSource().orElse(ds))
                        .clock(s.clock()).build())
                .orElseGet(() -> CityOs.embedded(s.clock()));
        try {
            // 2. authorization: the embedded policy, or Cerbos; denials go to the tenant's audit log
            Authorizer authz = Authorizer.audited(s.cerbosUrl()
                    .<Authorizer>map(url -> CerbosAuthorizer.builder(url.toString())
                            .scopes(CerbosAuthorizer.hierarchyScopes(cityOs)).build())
                    .orElseGet(() -> new EmbeddedAuthorizer(ExamplePolicy.embedded())),
                    DecisionListener.auditLog(cityOs, false));
            // 3. the modules, each built once from the core; the vendor portal asks the same authorizer
            // (a demo provider "pays" without moving money)
            this.market = Marketplace.builder(cityOs).payoutProvider(new AlwaysPaysProvider())
                    .vendorAccess(VendorAccess.authorizedBy(authz)).build();
            this.sync = Sync.create(cityOs);
            sync.inbound().register(InboundSource.standard(s.webhookSource(), List.of(s.webhookSecret()))
                    .on("*", (message, job) -> LOG.info("webhook {} from {} for tenant {}: {} (processed)",
                            message.senderId(), message.source(), message.tenant(), message.eventType())));
            // 4. identity: API keys in the database, bearer tokens from the trusted issuers (none: all refused)
            this.apiKeys = ApiKeys.create(cityOs);
            JwtVerifier.Builder jwt = JwtVerifier.builder().clock(s.clock());
            s.issuers().forEach(jwt::issuer);
            this.tokens = new BearerTokens(s.issuers().isEmpty() ? Optional.empty() : Optional.of(jwt.build()));
            // 5. tenant resolution: host (custom domain, subdomain), API key, the token's tenant claim, header;
            // the one place a token is verified for a tenant request
            TenantResolver.Builder resolver = TenantResolver.builder(cityOs).apiKeys(apiKeys).tokens(tokens)
                    .baseDomains(s.baseDomains().toArray(String[]::new));
            if (!s.trustedProxies().isEmpty()) {
                resolver.trustedProxies(s.trustedProxies().toArray(String[]::new));
            }
            RequestGate gate = new RequestGate(resolver.build(), tokens, authz);
            // 6. the job workers: webhook processing, outbox deliveries (vendor notifications)
            this.workers = s.workers() == 0 ? Optional.empty()
                    : Optional.of(JobWorkers.builder(cityOs).threads(s.workers()).build().start());
            // 7. metrics: the library's gauges and counters in a Prometheus registry, for GET /metrics
            this.metricsRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            this.metrics = CityOsMeterBinder.builder(cityOs).refreshEvery(s.metricsRefresh()).build();
            metrics.bindTo(metricsRegistry);
            // 8. the web layer
            this.server = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.jetty.host = s.bindAddress();
                config.jetty.port = s.port();
                config.http.defaultContentType = "application/json";
                config.jsonMapper(new JavalinJackson(ApiJson.MAPPER, false));
                config.routes.before(RequestGate::assignRequestId);
                config.routes.get("/health", this::health);
                config.routes.get("/metrics", ctx -> metrics(gate, ctx));
                new VendorRoutes(gate, market).register(config.routes);
                new AdminRoutes(gate, cityOs, market).register(config.routes);
                new WebhookRoutes(gate, sync.inbound()).register(config.routes);
                config.routes.exception(CityOsException.class, CityOsHttp::refused);
                config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                    String code = e.getStatus() == 404 ? ErrorCode.NOT_FOUND.code()
                            : e.getStatus() == 405 ? "method_not_allowed" : "invalid_argument";
                    ctx.status(e.getStatus()).json(new ApiError(code, e.getMessage()));
                });
                config.routes.exception(Exception.class, (e, ctx) -> {
                    LOG.error("request {} {} {} failed", RequestGate.requestId(ctx), ctx.method(), ctx.path(), e);
                    ctx.status(500).json(new ApiError("internal", "internal error (request id "
                            + RequestGate.requestId(ctx) + ")"));
                });
                config.requestLogger.http((ctx, ms) -> LOG.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(),
                        ctx.status().getCode(), ms.intValue()));
            }).start();
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Builds everything and starts listening; raises {@code configuration} for a bad setting. */
    public static CityOsHttp start(HttpSettings settings) {
        return new CityOsHttp(settings);
    }

    /** A refusal: the mapped status and the library's code and message. */
    private static void refused(CityOsException e, Context ctx) {
        int status = e instanceof ApiJson.BadRequest ? 400 : ErrorMapping.status(e.code());
        if (status >= 500) {
            LOG.error("request {} {} {} failed: {}", RequestGate.requestId(ctx), ctx.method(), ctx.path(), e.toString(), e);
        } else {
            LOG.debug("request {} {} {} refused: {}", RequestGate.requestId(ctx), ctx.method(), ctx.path(), e.toString());
        }
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(status).json(ApiError.of(e));
    }

    /**
     * {@code GET /metrics}: the Prometheus text exposition of the library's metrics, for platform
     * operators only (a bearer token with role {@value RequestGate#PLATFORM_ADMIN}): the gauges are
     * platform-wide totals, not any tenant's business.
     */
    private void metrics(RequestGate gate, Context ctx) {
        gate.platformAdmin(ctx);
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metricsRegistry.scrape());
    }

    private void health(Context ctx) {
        try {
            cityOs.tenancy().hierarchy().countries(PageRequest.first(1));
            ctx.json(Map.of("status", "ok"));
        } catch (RuntimeException e) {
            LOG.warn("health check failed: {}", e.toString());
            ctx.status(503).json(Map.of("status", "unavailable"));
        }
    }

    /** The port the server listens on (the free one picked when the settings said 0). */
    public int port() {
        return server.port();
    }

    /** The base URI, e.g. {@code http://127.0.0.1:8080}. */
    public java.net.URI baseUri() {
        String host = settings.bindAddress().contains(":") ? "[" + settings.bindAddress() + "]" : settings.bindAddress();
        return java.net.URI.create("http://" + host + ":" + port());
    }

    /** The settings the host was started with. */
    public HttpSettings settings() {
        return settings;
    }

    /** The library instance, for seeding and tests. */
    public CityOs cityOs() {
        return cityOs;
    }

    /** The marketplace module. */
    public Marketplace marketplace() {
        return market;
    }

    /** The Micrometer binding behind {@code GET /metrics} (tests refresh it before scraping). */
    public CityOsMeterBinder metrics() {
        return metrics;
    }

    /** The sync module (inbound webhook log). */
    public Sync sync() {
        return sync;
    }

    /**
     * How many bearer tokens the host has checked since start, verified or refused: every check goes
     * through one counted {@code BearerTokens}, and a request's token is checked once.
     */
    public long tokenVerifications() {
        return tokens.verifications();
    }

    /** The tenant's API keys (issuing one is an operator's job, done here by the demo and tests). */
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    /** Stops the server, the workers and the token key refresh; closes the database only if it is the embedded one. */
    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (server != null) {
            server.stop();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (workers != null) {
            workers.ifPresent(JobWorkers::close);
        }
        if (tokens != null) {
            tokens.close();
        }
        if (ownsCityOs && cityOs != null) {
            cityOs.close();
        }
    }
}
