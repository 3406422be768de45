package org.cityos.core.resolution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.Principal;
import org.cityos.core.TenantId;
import org.cityos.core.Values;
import org.cityos.core.tenancy.DomainRoute;
import org.cityos.core.tenancy.Domains;
import org.cityos.core.tenancy.Tenant;
import org.cityos.core.tenancy.TenantStatus;
import org.cityos.core.tenancy.Validate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the tenant a request is for. Every configured {@link Strategy} that finds a signal in the
 * request is checked, and they must all name the same tenant: there is no fall-back to a default
 * tenant, and no strategy overrides another. Immutable and thread-safe; build one per
 * configuration at start-up and share it (its cache listens to tenancy changes for as long as the
 * {@link CityOs} lives).
 *
 * <pre>{@code
 * TenantResolver resolver = TenantResolver.builder(cityOs)
 *         .baseDomains("cityos.example")
 *         .trustedProxies("10.0.0.0/8")
 *         .build();
 * Resolution r = resolver.resolve(requestView);
 * }</pre>
 *
 * <p>{@link #resolve} raises {@code CityOsException} with code {@code unknown_tenant} when
 * nothing names a tenant or a signal names one that does not exist, {@code forbidden} when signals
 * disagree or the tenant is not active, {@code invalid_argument} for a malformed host or header
 * or for an API key and a bearer token sent together, and {@code unauthenticated} for an unknown
 * API key or invalid bearer token. A bearer token is verified once, before anything is looked up,
 * and its principal is {@link Resolution#principal()}, as an API key's is.
 */
public final class TenantResolver {
    /** The default header of the {@link Strategy#HEADER} strategy. */
    public static final String DEFAULT_TENANT_HEADER = "X-Tenant-Id";
    /** The default header of the {@link Strategy#API_KEY} strategy. */
    public static final String DEFAULT_API_KEY_HEADER = "X-Api-Key";
    /** Read instead of {@code Host} when, and only when, the peer is a trusted proxy. */
    public static final String FORWARDED_HOST = "X-Forwarded-Host";

    private static final Logger LOG = LoggerFactory.getLogger(TenantResolver.class);
    private static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "Bearer";

    private final List<Strategy> order;
    private final boolean readsHost;
    private final HostClassifier hosts;
    private final List<IpRange> trustedProxies;
    private final String tenantHeader;
    private final String apiKeyHeader;
    private final ApiKeyLookup apiKeys;
    private final TokenTenantLookup tokens;
    private final TenantLookups lookups;

    private TenantResolver(Builder b, List<Strategy> order, Set<String> bases, List<IpRange> proxies) {
        this.order = order;
        this.readsHost = order.contains(Strategy.CUSTOM_DOMAIN) || order.contains(Strategy.SUBDOMAIN);
        this.hosts = new HostClassifier(bases, b.platformSubdomains);
        this.trustedProxies = proxies;
        this.tenantHeader = b.tenantHeader;
        this.apiKeyHeader = b.apiKeyHeader;
        this.apiKeys = b.apiKeys;
        this.tokens = b.tokens;
        this.lookups = new TenantLookups(b.cityOs.tenancy(), b.cityOs.clock(), b.cacheSize, b.cacheTtl);
    }

    /** A builder for a resolver over {@code cityOs}'s tenants, stores and portals. */
    public static Builder builder(CityOs cityOs) {
        return new Builder(Objects.requireNonNull(cityOs, "cityOs"));
    }

    /** The strategies this resolver checks, in order. */
    public List<Strategy> order() {
        return order;
    }

    /**
     * The tenant {@code request} is for; raises {@code CityOsException} ({@code unknown_tenant},
     * {@code forbidden}, {@code invalid_argument}, {@code unauthenticated}) naming the value at fault.
     */
    public Resolution resolve(RequestView request) {
        Objects.requireNonNull(request, "request");
        Host host = readsHost ? host(request) : null;
        String key = order.contains(Strategy.API_KEY) ? single(request, apiKeyHeader, true) : null;
        String token = order.contains(Strategy.JWT_CLAIM) ? bearerToken(request) : null;
        if (key != null && token != null) {
            throw CityOsException.invalid("credentials", apiKeyHeader + " and " + AUTHORIZATION,
                    "are both sent: send one of them");
        }
        // verified once, here, before anything is looked up: a bad token never reaches the tenant
        // tables, and its principal is the one the resolution hands on
        Principal bearer = token == null ? null : tokens.verify(token);
        List<Signal> signals = new ArrayList<>();
        for (Strategy s : order) {
            Signal found = switch (s) {
                case CUSTOM_DOMAIN -> customDomain(host);
                case SUBDOMAIN -> subdomain(host);
                case API_KEY -> key == null ? null : apiKey(key);
                case JWT_CLAIM -> bearer == null ? null : tokenClaim(bearer);
                case HEADER -> tenantHeader(request);
            };
            if (found != null) {
                signals.add(found);
            }
        }
        if (signals.isEmpty()) {
            throw nothingNamesATenant(host);
        }
        Signal first = signals.get(0);
        for (Signal other : signals) {
            if (!other.tenant().id().equals(first.tenant().id())) {
                LOG.debug("refused: {} and {} disagree", first.describe(), other.describe());
                throw new CityOsException(ErrorCode.FORBIDDEN, "the request's signals disagree: "
                        + first.describe() + ", but " + other.describe());
            }
        }
        Tenant tenant = first.tenant();
        if (tenant.status() != TenantStatus.ACTIVE) {
            throw new CityOsException(ErrorCode.FORBIDDEN, "tenant " + Values.quote(tenant.handle()) + " is "
                    + tenant.status().name().toLowerCase(Locale.ROOT) + " (named by " + first.source() + ")");
        }
        Optional<DomainRoute> route = signals.stream().flatMap(x -> x.route().stream()).findFirst();
        Optional<Principal> caller = bearer != null ? Optional.of(bearer)
                : signals.stream().flatMap(x -> x.principal().stream()).findFirst();
        return new Resolution(tenant.id(), route.flatMap(DomainRoute::store), route.flatMap(DomainRoute::portal),
                caller, signals.stream().map(Signal::strategy).toList());
    }

    /** The host the request was sent to: X-Forwarded-Host from a trusted proxy, else Host; null when neither. */
    private Host host(RequestView request) {
        String header = "host";
        String value = request.host();
        List<String> forwarded = request.headerValues(FORWARDED_HOST);
        if (!forwarded.isEmpty()) {
            if (trusted(request.remoteAddress())) {
                // the right-most value is the one the trusted hop added; earlier ones came from further out
                String joined = String.join(",", forwarded);
                header = FORWARDED_HOST;
                value = joined.substring(joined.lastIndexOf(',') + 1);
            } else {
                LOG.debug("ignored {} {} from untrusted peer {}", FORWARDED_HOST, Values.quote(forwarded),
                        Values.quote(request.remoteAddress()));
            }
        }
        if (value == null) {
            return null;
        }
        Optional<String> normalised = Domains.normaliseHost(value);
        if (normalised.isEmpty()) {
            throw CityOsException.invalid(header, value, HostClassifier.whyMalformed(value));
        }
        return new Host(header, hosts.classify(normalised.get()));
    }

    private boolean trusted(String remoteAddress) {
        Optional<byte[]> address = IpRange.address(remoteAddress);
        return address.isPresent() && trustedProxies.stream().anyMatch(r -> r.contains(address.get()));
    }

    private Signal customDomain(Host host) {
        if (host == null || !(host.kind() instanceof HostClassifier.Custom c) || !c.host().contains(".")) {
            return null;
        }
        Optional<DomainRoute> route = lookups.route(c.host());
        if (route.isEmpty()) {
            return null;
        }
        String source = "custom domain " + Values.quote(c.host()) + host.via();
        Tenant tenant = lookups.byId(route.get().tenant()).orElseThrow(() -> noSuchTenant(source, route.get().tenant()));
        return new Signal(Strategy.CUSTOM_DOMAIN, source, tenant, route, Optional.empty());
    }

    private Signal subdomain(Host host) {
        if (host == null) {
            return null;
        }
        if (host.kind() instanceof HostClassifier.Nested n) {
            throw new CityOsException(ErrorCode.UNKNOWN_TENANT, "host " + Values.quote(n.host()) + host.via()
                    + " is not a tenant subdomain of " + Values.quote(n.base()) + ": a tenant's is one label under it");
        }
        if (!(host.kind() instanceof HostClassifier.Subdomain s)) {
            return null;
        }
        Tenant tenant = lookups.byHandle(s.handle()).orElseThrow(() -> new CityOsException(ErrorCode.UNKNOWN_TENANT,
                "no tenant has handle " + Values.quote(s.handle()) + " named by host " + Values.quote(s.host())
                        + host.via() + " under base domain " + Values.quote(s.base())));
        return new Signal(Strategy.SUBDOMAIN, "subdomain " + Values.quote(s.host()) + host.via(), tenant,
                Optional.empty(), Optional.empty());
    }

    private Signal apiKey(String key) {
        String source = "the API key in header " + apiKeyHeader;
        ApiKeyLookup.Match match = apiKeys.find(key).orElseThrow(() ->
                new CityOsException(ErrorCode.UNAUTHENTICATED, source + " is not a known, valid key"));
        Tenant tenant = lookups.byId(match.tenant()).orElseThrow(() -> noSuchTenant(source, match.tenant()));
        return new Signal(Strategy.API_KEY, source, tenant, Optional.empty(), Optional.of(match.principal()));
    }

    /** The bearer token of the Authorization header, or null when there is none (or another scheme). */
    private static String bearerToken(RequestView request) {
        String authorization = single(request, AUTHORIZATION, true);
        if (authorization == null) {
            return null;
        }
        String scheme = authorization.split("\\s", 2)[0];
        if (!scheme.equalsIgnoreCase(BEARER)) {
            return null;
        }
        String token = authorization.substring(scheme.length()).strip();
        if (token.isEmpty()) {
            throw new CityOsException(ErrorCode.UNAUTHENTICATED, "the Authorization header has an empty bearer token");
        }
        return token;
    }

    /** The signal of a verified token's principal: its one tenant; none when it names no tenant or several. */
    private Signal tokenClaim(Principal bearer) {
        if (bearer.tenants().size() != 1) {
            return null;
        }
        TenantId claim = bearer.tenants().iterator().next();
        String source = "the bearer token's tenant claim";
        Tenant tenant = lookups.byId(claim).orElseThrow(() -> noSuchTenant(source, claim));
        return new Signal(Strategy.JWT_CLAIM, source, tenant, Optional.empty(), Optional.empty());
    }

    private Signal tenantHeader(RequestView request) {
        String value = single(request, tenantHeader, false);
        if (value == null) {
            return null;
        }
        String field = "header " + tenantHeader;
        String source = field + " " + Values.quote(value);
        Optional<Tenant> tenant;
        if (value.length() == 36 && value.indexOf('-') == 8) {
            tenant = lookups.byId(new TenantId(Ids.parse(field, value)));
        } else {
            tenant = lookups.byHandle(Validate.handle(field, value.toLowerCase(Locale.ROOT)));
        }
        return new Signal(Strategy.HEADER, source, tenant.orElseThrow(() ->
                new CityOsException(ErrorCode.UNKNOWN_TENANT, field + " names no tenant: " + Values.quote(value))),
                Optional.empty(), Optional.empty());
    }

    /**
     * The one value of a single-valued header (repeats and comma-joined lists must agree), null
     * when absent. Secret headers are never quoted in messages.
     */
    private static String single(RequestView request, String name, boolean secret) {
        List<String> sent = request.headerValues(name);
        if (sent.isEmpty()) {
            return null;
        }
        Set<String> values = new LinkedHashSet<>();
        for (String v : sent) {
            for (String part : v.split(",", -1)) {
                if (!part.isBlank()) {
                    values.add(part.strip());
                }
            }
        }
        if (values.isEmpty()) {
            throw new CityOsException(ErrorCode.INVALID_ARGUMENT, "header " + name + " is empty");
        }
        if (values.size() > 1) {
            throw new CityOsException(ErrorCode.INVALID_ARGUMENT, "header " + name + " has several different values"
                    + (secret ? "" : ": " + values.stream().map(Values::quote).collect(Collectors.joining(", "))));
        }
        return values.iterator().next();
    }

    private static CityOsException noSuchTenant(String source, TenantId id) {
        return new CityOsException(ErrorCode.UNKNOWN_TENANT, source + " names tenant " + Values.quote(id)
                + ", which does not exist");
    }

    private CityOsException nothingNamesATenant(Host host) {
        String checked = "; checked: " + order.stream().map(Strategy::label).collect(Collectors.joining(", "));
        String why;
        if (host == null) {
            why = readsHost ? "the request has no host, and nothing else in it names a tenant"
                    : "nothing in the request names a tenant";
        } else if (host.kind() instanceof HostClassifier.Platform p) {
            why = "host " + Values.quote(p.host()) + host.via() + " is "
                    + (p.apex() ? "the platform apex" : "a platform host under " + Values.quote(p.base()))
                    + ", not a tenant, and nothing else in the request names one";
        } else if (host.kind() instanceof HostClassifier.IpLiteral ip) {
            why = "host " + Values.quote(ip.host()) + host.via()
                    + " is an IP address, which names no tenant, and nothing else in the request names one";
        } else {
            why = "no tenant for host " + Values.quote(host.kind().host()) + host.via()
                    + ": no store or portal claims it as a custom domain, and nothing else in the request names a tenant";
        }
        return new CityOsException(ErrorCode.UNKNOWN_TENANT, why + checked);
    }

    /** A host and the header it came from. */
    private record Host(String header, HostClassifier.Kind kind) {
        String via() {
            return header.equals(FORWARDED_HOST) ? " (from " + FORWARDED_HOST + ")" : "";
        }
    }

    /** One strategy's finding. */
    private record Signal(Strategy strategy, String source, Tenant tenant, Optional<DomainRoute> route,
                          Optional<Principal> principal) {
        String describe() {
            return source + " names tenant " + Values.quote(tenant.handle());
        }
    }

    /**
     * Configures a {@link TenantResolver}; {@link #build()} validates everything once and fails with
     * {@code configuration}, naming the setting and the value.
     */
    public static final class Builder {
        private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
        private static final Set<String> RESERVED_HEADERS = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

        static {
            RESERVED_HEADERS.addAll(List.of("Host", AUTHORIZATION, FORWARDED_HOST));
        }

        private final CityOs cityOs;
        private final List<String> baseDomains = new ArrayList<>();
        private final List<String> trustedProxies = new ArrayList<>();
        private Set<String> platformSubdomains = Set.of("www");
        private List<Strategy> order;
        private String tenantHeader = DEFAULT_TENANT_HEADER;
        private String apiKeyHeader = DEFAULT_API_KEY_HEADER;
        private ApiKeyLookup apiKeys;
        private TokenTenantLookup tokens;
        private int cacheSize = 10_000;
        private Duration cacheTtl = Duration.ofSeconds(60);

        private Builder(CityOs cityOs) {
            this.cityOs = cityOs;
        }

        /**
         * Adds base domains for the subdomain strategy: with {@code cityos.example},
         * {@code riyadh-market.cityos.example} names the tenant with handle {@code riyadh-market},
         * and the apex {@code cityos.example} itself is the platform, not a tenant.
         */
        public Builder baseDomains(String... domains) {
            baseDomains.addAll(Arrays.asList(domains));
            return this;
        }

        /** The labels under a base domain that are the platform's own hosts, not tenants (default {@code www}). */
        public Builder platformSubdomains(String... labels) {
            platformSubdomains = new LinkedHashSet<>(Arrays.asList(labels));
            return this;
        }

        /**
         * Adds the proxies (IPv4 or IPv6 addresses, or CIDR ranges such as {@code 10.0.0.0/8})
         * whose {@code X-Forwarded-Host} is believed; from any other peer it is ignored.
         */
        public Builder trustedProxies(String... addressesOrRanges) {
            trustedProxies.addAll(Arrays.asList(addressesOrRanges));
            return this;
        }

        /**
         * The strategies to check, in order (it sets the order of checks, errors and
         * {@link Resolution#signals()}; every signal found must still agree). Default: custom domain,
         * subdomain (with base domains), API key (with {@link #apiKeys}), JWT claim (with
         * {@link #tokens}), tenant header.
         */
        public Builder order(Strategy... strategies) {
            this.order = Arrays.asList(strategies);
            return this;
        }

        /** The header of the explicit strategy, carrying a tenant id or handle (default {@value #DEFAULT_TENANT_HEADER}). */
        public Builder tenantHeader(String name) {
            this.tenantHeader = name;
            return this;
        }

        /** The header carrying an API key (default {@value #DEFAULT_API_KEY_HEADER}). */
        public Builder apiKeyHeader(String name) {
            this.apiKeyHeader = name;
            return this;
        }

        /** How API keys map to tenants; required by {@link Strategy#API_KEY}. */
        public Builder apiKeys(ApiKeyLookup lookup) {
            this.apiKeys = lookup;
            return this;
        }

        /**
         * How bearer tokens are verified (their tenant claim is a signal, their principal the
         * resolution's); required by {@link Strategy#JWT_CLAIM}.
         */
        public Builder tokens(TokenTenantLookup lookup) {
            this.tokens = lookup;
            return this;
        }

        /** The most entries each lookup cache holds (default 10,000). */
        public Builder cacheSize(int entries) {
            this.cacheSize = entries;
            return this;
        }

        /** How long a cached lookup is used before it is read again (default 60 s); it bounds how late another node's changes are seen. */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = ttl;
            return this;
        }

        /** Validates the configuration and returns the resolver. */
        public TenantResolver build() {
            Set<String> bases = new LinkedHashSet<>();
            for (String d : baseDomains) {
                String n = d == null ? null : Domains.normaliseHost(d).orElse(null);
                if (n == null || Domains.isIpLiteral(n)) {
                    throw config("baseDomains", d, "is not a domain name");
                }
                bases.add(n);
            }
            for (String label : platformSubdomains) {
                if (label == null || label.contains(".") || Domains.normaliseHost(label).isEmpty()) {
                    throw config("platformSubdomains", label, "is not a single DNS label");
                }
            }
            platformSubdomains = platformSubdomains.stream().map(l -> l.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
            List<IpRange> proxies = new ArrayList<>();
            for (String p : trustedProxies) {
                try {
                    proxies.add(IpRange.parse(p));
                } catch (IllegalArgumentException e) {
                    throw config("trustedProxies", p, e.getMessage());
                }
            }
            header("tenantHeader", tenantHeader);
            header("apiKeyHeader", apiKeyHeader);
            if (tenantHeader.equalsIgnoreCase(apiKeyHeader)) {
                throw config("apiKeyHeader", apiKeyHeader, "is also the tenantHeader");
            }
            if (cacheSize < 1) {
                throw config("cacheSize", cacheSize, "must be at least 1");
            }
            if (cacheTtl == null || cacheTtl.isNegative() || cacheTtl.isZero()) {
                throw config("cacheTtl", cacheTtl, "must be a positive duration");
            }
            return new TenantResolver(this, strategies(!bases.isEmpty()), bases, List.copyOf(proxies));
        }

        private List<Strategy> strategies(boolean haveBases) {
            if (order == null) {
                List<Strategy> defaults = new ArrayList<>(List.of(Strategy.values()));
                defaults.removeIf(s -> s == Strategy.SUBDOMAIN && !haveBases || s == Strategy.API_KEY && apiKeys == null
                        || s == Strategy.JWT_CLAIM && tokens == null);
                return List.copyOf(defaults);
            }
            if (order.isEmpty()) {
                throw config("order", order, "is empty: give at least one strategy");
            }
            EnumSet<Strategy> seen = EnumSet.noneOf(Strategy.class);
            for (Strategy s : order) {
                if (s == null) {
                    throw config("order", order, "contains null");
                }
                if (!seen.add(s)) {
                    throw config("order", order, "lists " + s + " twice");
                }
            }
            if (seen.contains(Strategy.SUBDOMAIN) && !haveBases) {
                throw config("order", order, "includes SUBDOMAIN but no baseDomains are set");
            }
            if (seen.contains(Strategy.API_KEY) && apiKeys == null) {
                throw config("order", order, "includes API_KEY but no apiKeys lookup is set");
            }
            if (seen.contains(Strategy.JWT_CLAIM) && tokens == null) {
                throw config("order", order, "includes JWT_CLAIM but no tokens lookup is set");
            }
            return List.copyOf(order);
        }

        private static void header(String setting, String name) {
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw config(setting, name, "is not a valid HTTP header name");
            }
            if (RESERVED_HEADERS.contains(name)) {
                throw config(setting, name, "is a header resolution reads for another purpose");
            }
        }

        private static CityOsException config(String setting, Object value, String why) {
            return new CityOsException(ErrorCode.CONFIGURATION, "tenant resolver " + setting + ": "
                    + Values.quote(value) + " " + why);
        }
    }
}
