package org.cityos.core.identity.authz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.core.StoreId;
import org.cityos.core.TenantId;
import org.cityos.core.Values;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Authorizer} over the Cerbos PDP's HTTP API: {@code POST /api/check/resources} in
 * batches of at most 50 resources, {@code POST /api/plan/resources} for list filters. Every
 * request carries a request id; anything but a clear allow denies: an unreachable or slow PDP, an
 * error answer, an unknown resource kind, a condition that fails to evaluate. Resources are placed
 * in the Cerbos scope of their tenant ({@link #hierarchyScopes}: {@code country.scope.tenant}),
 * so a country, city or tenant can refine the policies above it (run the PDP with
 * {@code engine.lenientScopeSearch: true}). Thread-safe.
 *
 * <pre>{@code
 * Authorizer authz = CerbosAuthorizer.builder("http://127.0.0.1:3592")
 *         .scopes(CerbosAuthorizer.hierarchyScopes(cityOs))
 *         .build();
 * }</pre>
 */
public final class CerbosAuthorizer implements Authorizer {
    /** The most resources the PDP takes in one check request (its default limit). */
    public static final int MAX_BATCH = 50;
    private static final Logger LOG = LoggerFactory.getLogger(CerbosAuthorizer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI check;
    private final URI plan;
    private final HttpClient http;
    private final Duration timeout;
    private final int batchSize;
    private final Function<TenantId, Optional<String>> scopes;
    private final Optional<String> policyVersion;

    private CerbosAuthorizer(Builder b, URI base) {
        this.check = base.resolve("/api/check/resources");
        this.plan = base.resolve("/api/plan/resources");
        this.http = HttpClient.newBuilder().connectTimeout(b.connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
        this.timeout = b.timeout;
        this.batchSize = b.batchSize;
        this.scopes = b.scopes;
        this.policyVersion = Optional.ofNullable(b.policyVersion);
    }

    /** A builder for the PDP at {@code baseUrl}, e.g. {@code http://127.0.0.1:3592}. */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * Scopes from the CityOS hierarchy: a tenant's is {@code <country>.<scope>.<tenant>} in lower
     * case, e.g. {@code sa.riyadh.riyadh-market}; cached, and forgotten when the tenant changes.
     * An unknown tenant has no scope (the unscoped policies apply).
     */
    public static Function<TenantId, Optional<String>> hierarchyScopes(CityOs cityOs) {
        Map<TenantId, Optional<String>> cache = new ConcurrentHashMap<>();
        cityOs.tenancy().tenants().onChange(cache::remove);
        return tenant -> cache.computeIfAbsent(tenant, id -> {
            Optional<Tenant> t = cityOs.tenancy().tenants().get(id);
            Optional<Scope> s = t.flatMap(x -> cityOs.tenancy().hierarchy().scope(x.scope()));
            if (t.isEmpty() || s.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of((s.get().countryCode() + "." + s.get().handle() + "." + t.get().handle())
                    .toLowerCase(java.util.Locale.ROOT));
        });
    }

    @Override
    public List<Decision> checkAll(Principal principal, List<Check> checks) {
        Objects.requireNonNull(principal, "principal");
        Decision[] out = new Decision[checks.size()];
        List<Integer> asked = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            Optional<String> ceiling = Ceiling.denial(principal, c.resource().kind(), c.action());
            if (ceiling.isPresent()) {
                out[i] = Decision.deny(c, ceiling.get());
            } else if (principal.roles().isEmpty()) {
                out[i] = Decision.deny(c, "the principal has no roles");
            } else {
                asked.add(i);
            }
        }
        for (int from = 0; from < asked.size(); from += batchSize) {
            List<Integer> batch = asked.subList(from, Math.min(asked.size(), from + batchSize));
            List<Check> chunk = batch.stream().map(checks::get).toList();
            List<Decision> decided = checkBatch(principal, chunk);
            for (int j = 0; j < batch.size(); j++) {
                out[batch.get(j)] = decided.get(j);
            }
        }
        return List.of(out);
    }

    private List<Decision> checkBatch(Principal principal, List<Check> chunk) {
        String requestId = "cityos-" + UUID.randomUUID();
        ObjectNode body = JSON.createObjectNode();
        body.put("requestId", requestId);
        body.put("includeMeta", true);
        body.set("principal", principalJson(principal));
        ArrayNode resources = body.putArray("resources");
        for (Check c : chunk) {
            ObjectNode entry = resources.addObject();
            ObjectNode r = entry.putObject("resource");
            r.put("kind", c.resource().kind());
            r.put("id", c.resource().id());
            policyVersion.ifPresent(v -> r.put("policyVersion", v));
            scope(c.resource().tenant()).ifPresent(s -> r.put("scope", s));
            r.set("attr", JSON.valueToTree(c.resource().attributes()));
            entry.putArray("actions").add(c.action());
        }
        JsonNode answer;
        try {
            answer = post(check, body, requestId);
        } catch (Unavailable e) {
            return chunk.stream().map(c -> Decision.deny(c, e.getMessage())).toList();
        }
        JsonNode results = answer.path("results");
        if (!requestId.equals(answer.path("requestId").asText()) || !results.isArray() || results.size() != chunk.size()) {
            LOG.warn("cerbos request {}: the answer does not match the request", requestId);
            return chunk.stream().map(c -> Decision.deny(c, "the Cerbos PDP's answer does not match the request")).toList();
        }
        List<Decision> out = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            Check c = chunk.get(i);
            JsonNode result = results.get(i);
            if (!c.resource().id().equals(result.path("resource").path("id").asText())
                    || !c.resource().kind().equals(result.path("resource").path("kind").asText())) {
                out.add(Decision.deny(c, "the Cerbos PDP answered for another resource"));
                continue;
            }
            String effect = result.path("actions").path(c.action()).asText("");
            String policy = result.path("meta").path("actions").path(c.action()).path("matchedPolicy").asText("");
            if (effect.equals("EFFECT_ALLOW")) {
                out.add(Decision.allow(c, "cerbos policy " + policy));
            } else if (policy.isEmpty() || policy.equals("NO_MATCH")) {
                out.add(Decision.deny(c, "no Cerbos policy for resource kind " + Values.quote(c.resource().kind())
                        + " allows " + c.action()));
            } else {
                out.add(Decision.deny(c, "denied by cerbos policy " + policy));
            }
        }
        return out;
    }

    @Override
    public AccessPlan plan(Principal principal, String kind, String action, TenantId tenant) {
        if (Ceiling.denial(principal, kind, action).isPresent() || principal.roles().isEmpty()) {
            return AccessPlan.denied();
        }
        String requestId = "cityos-" + UUID.randomUUID();
        ObjectNode body = JSON.createObjectNode();
        body.put("requestId", requestId);
        body.put("action", action);
        body.set("principal", principalJson(principal));
        ObjectNode r = body.putObject("resource");
        r.put("kind", kind);
        policyVersion.ifPresent(v -> r.put("policyVersion", v));
        scope(tenant).ifPresent(s -> r.put("scope", s));
        // the list is of this tenant's resources, so the tenant is known to the plan
        r.putObject("attr").put(Resource.TENANT, tenant.toString());
        try {
            JsonNode filter = post(plan, body, requestId).path("filter");
            switch (filter.path("kind").asText("")) {
                case "KIND_ALWAYS_ALLOWED":
                    return AccessPlan.allowed();
                case "KIND_CONDITIONAL":
                    return AccessPlan.conditional(expression(filter.path("condition")));
                default:
                    return AccessPlan.denied();
            }
        } catch (Unavailable e) {
            return AccessPlan.denied();
        } catch (IllegalArgumentException e) {
            LOG.warn("cerbos request {}: unreadable plan, denying: {}", requestId, e.getMessage());
            return AccessPlan.denied();
        }
    }

    private static PlanExpression expression(JsonNode operand) {
        if (operand.has("expression")) {
            JsonNode e = operand.get("expression");
            List<PlanExpression> args = new ArrayList<>();
            for (JsonNode a : e.path("operands")) {
                args.add(expression(a));
            }
            return new PlanExpression.Operation(e.path("operator").asText(), args);
        }
        if (operand.has("variable")) {
            return new PlanExpression.Variable(operand.get("variable").asText());
        }
        if (operand.has("value")) {
            return new PlanExpression.Value(JSON.convertValue(operand.get("value"), Object.class));
        }
        throw new IllegalArgumentException("an operand is neither expression, variable nor value");
    }

    private ObjectNode principalJson(Principal p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", p.subject());
        policyVersion.ifPresent(v -> node.put("policyVersion", v));
        ArrayNode roles = node.putArray("roles");
        p.roles().stream().sorted().forEach(roles::add);
        ObjectNode attr = node.putObject("attr");
        ArrayNode tenants = attr.putArray("tenants");
        p.tenants().stream().map(TenantId::toString).sorted().forEach(tenants::add);
        ArrayNode stores = attr.putArray("stores");
        p.stores().stream().map(StoreId::toString).sorted().forEach(stores::add);
        ArrayNode vendors = attr.putArray("vendors");
        p.vendors().stream().sorted().forEach(vendors::add);
        ArrayNode granted = attr.putArray("scopes");
        p.scopes().stream().sorted().forEach(granted::add);
        attr.put("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT));
        return node;
    }

    private Optional<String> scope(TenantId tenant) {
        try {
            return scopes.apply(tenant);
        } catch (RuntimeException e) {
            LOG.warn("no Cerbos scope for tenant {}: {}", tenant, e.toString());
            return Optional.empty();
        }
    }

    private JsonNode post(URI uri, ObjectNode body, String requestId) throws Unavailable {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warn("cerbos request {} to {} failed: {}", requestId, uri, e.toString());
            throw new Unavailable("the Cerbos PDP is unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while asking the Cerbos PDP");
        }
        if (response.statusCode() != 200) {
            LOG.warn("cerbos request {} to {} answered HTTP {}: {}", requestId, uri, response.statusCode(),
                    Values.neutralise(response.body()));
            throw new Unavailable("the Cerbos PDP answered HTTP " + response.statusCode());
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            LOG.debug("cerbos request {} answered", requestId);
            return answer;
        } catch (IOException e) {
            throw new Unavailable("the Cerbos PDP's answer is not JSON");
        }
    }

    /** The PDP could not give an answer; every check it was asked is denied. */
    private static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** Configures a {@link CerbosAuthorizer}; {@link #build()} names a bad setting. */
    public static final class Builder {
        private final String baseUrl;
        private Duration connectTimeout = Duration.ofMillis(500);
        private Duration timeout = Duration.ofSeconds(2);
        private int batchSize = MAX_BATCH;
        private Function<TenantId, Optional<String>> scopes = t -> Optional.empty();
        private String policyVersion;

        private Builder(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** How long to wait for a connection (default 500 ms). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** How long to wait for an answer (default 2 s); past it the checks are denied. */
        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        /** Resources per check request, 1 to {@value CerbosAuthorizer#MAX_BATCH} (default 50). */
        public Builder batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /** The Cerbos scope of each tenant's resources (default none); see {@link CerbosAuthorizer#hierarchyScopes}. */
        public Builder scopes(Function<TenantId, Optional<String>> scopeOfTenant) {
            this.scopes = scopeOfTenant;
            return this;
        }

        /** The policy version to ask for (default: the PDP's default). */
        public Builder policyVersion(String version) {
            this.policyVersion = version;
            return this;
        }

        /** Validates the settings and returns the authorizer; no request is made until the first check. */
        public CerbosAuthorizer build() {
            URI base;
            try {
                base = URI.create(Objects.requireNonNull(baseUrl, "baseUrl"));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw config("baseUrl", baseUrl, "is not a URL");
            }
            if (base.getHost() == null || !(Objects.equals(base.getScheme(), "http") || Objects.equals(base.getScheme(), "https"))) {
                throw config("baseUrl", baseUrl, "is not an http(s) URL");
            }
            if (batchSize < 1 || batchSize > MAX_BATCH) {
                throw config("batchSize", batchSize, "must be between 1 and " + MAX_BATCH);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw config("timeout", timeout, "must be positive");
            }
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw config("connectTimeout", connectTimeout, "must be positive");
            }
            if (scopes == null) {
                throw config("scopes", null, "must be a function (return Optional.empty() for no scope)");
            }
            return new CerbosAuthorizer(this, base);
        }

        private static CityOsException config(String setting, Object value, String why) {
            return new CityOsException(ErrorCode.CONFIGURATION, "cerbos authorizer " + setting + ": "
                    + Values.quote(value) + " " + why);
        }
    }
}
