package org.cityos.core.identity;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantId;
import org.cityos.core.Values;

/**
 * One trusted token issuer and how its tokens are checked: a Keycloak realm
 * ({@link #keycloak(String)}) or any OpenID Connect issuer ({@link #oidc(String)}). Keys come only
 * from this issuer's JWKS (found through its discovery document unless {@link Builder#jwksUri} is
 * given); immutable once built, and {@link Builder#build()} names the setting at fault.
 */
public final class Issuer {
    /** The algorithms accepted unless configured otherwise. */
    public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "PS256", "ES256");
    private static final Set<String> SIGNATURE_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519");

    private final String issuer;
    private final Optional<URI> jwksUri;
    private final Set<String> audiences;
    private final Set<String> authorizedParties;
    private final Set<String> algorithms;
    private final Set<String> headerTypes;
    private final boolean allowMissingHeaderType;
    private final Optional<String> typClaim;
    private final Duration clockSkew;
    private final Optional<TenantId> tenant;
    private final String tenantClaim;
    private final String storeClaim;
    private final String vendorClaim;
    private final Duration cacheTtl;
    private final Duration refreshAhead;
    private final Duration refetchInterval;
    private final Duration outageTolerance;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int sizeLimit;

    private Issuer(Builder b, String issuer, Optional<URI> jwksUri) {
        this.issuer = issuer;
        this.jwksUri = jwksUri;
        this.audiences = Set.copyOf(b.audiences);
        this.authorizedParties = Set.copyOf(b.authorizedParties);
        this.algorithms = Set.copyOf(b.algorithms);
        this.headerTypes = Set.copyOf(b.headerTypes);
        this.allowMissingHeaderType = b.allowMissingHeaderType;
        this.typClaim = Optional.ofNullable(b.typClaim);
        this.clockSkew = b.clockSkew;
        this.tenant = Optional.ofNullable(b.tenant);
        this.tenantClaim = b.tenantClaim;
        this.storeClaim = b.storeClaim;
        this.vendorClaim = b.vendorClaim;
        this.cacheTtl = b.cacheTtl;
        this.refreshAhead = b.refreshAhead;
        this.refetchInterval = b.refetchInterval;
        this.outageTolerance = b.outageTolerance;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.sizeLimit = b.sizeLimit;
    }

    /**
     * A Keycloak realm, e.g. {@code https://sso.example.com/realms/riyadh}: access tokens must carry
     * {@code typ: Bearer} (so an ID token is refused), and a token whose only audience is Keycloak's
     * default {@code account} is accepted when its {@code azp} is one of {@link Builder#authorizedParties}.
     */
    public static Builder keycloak(String realmUrl) {
        return new Builder(realmUrl).typClaim("Bearer");
    }

    /** Any OpenID Connect issuer, exactly as its tokens name it in {@code iss}. */
    public static Builder oidc(String issuer) {
        return new Builder(issuer);
    }

    /** The issuer, exactly as tokens must name it in {@code iss}. */
    public String issuer() {
        return issuer;
    }

    /** The JWKS location when configured; otherwise it is discovered. */
    public Optional<URI> jwksUri() {
        return jwksUri;
    }

    /** Where the discovery document is read: {@code <issuer>/.well-known/openid-configuration}. */
    public URI discoveryUri() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }

    public Set<String> audiences() {
        return audiences;
    }

    public Set<String> authorizedParties() {
        return authorizedParties;
    }

    public Set<String> algorithms() {
        return algorithms;
    }

    public Set<String> headerTypes() {
        return headerTypes;
    }

    public boolean allowMissingHeaderType() {
        return allowMissingHeaderType;
    }

    public Optional<String> typClaim() {
        return typClaim;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public Optional<TenantId> tenant() {
        return tenant;
    }

    public String tenantClaim() {
        return tenantClaim;
    }

    public String storeClaim() {
        return storeClaim;
    }

    public String vendorClaim() {
        return vendorClaim;
    }

    public Duration cacheTtl() {
        return cacheTtl;
    }

    public Duration refreshAhead() {
        return refreshAhead;
    }

    public Duration refetchInterval() {
        return refetchInterval;
    }

    public Duration outageTolerance() {
        return outageTolerance;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public int sizeLimit() {
        return sizeLimit;
    }

    @Override
    public String toString() {
        return "Issuer[" + issuer + "]";
    }

    /** Configures an {@link Issuer}; the defaults are safe and are listed on each setter. */
    public static final class Builder {
        private final String issuer;
        private URI jwksUri;
        private final Set<String> audiences = new LinkedHashSet<>();
        private final Set<String> authorizedParties = new LinkedHashSet<>();
        private Set<String> algorithms = new LinkedHashSet<>(DEFAULT_ALGORITHMS);
        private Set<String> headerTypes = new LinkedHashSet<>(List.of("JWT", "at+jwt"));
        private boolean allowMissingHeaderType;
        private String typClaim;
        private Duration clockSkew = Duration.ofSeconds(60);
        private TenantId tenant;
        private String tenantClaim = "tenant_id";
        private String storeClaim = "store_ids";
        private String vendorClaim = "vendor_ids";
        private Duration cacheTtl = Duration.ofMinutes(5);
        private Duration refreshAhead = Duration.ofSeconds(30);
        private Duration refetchInterval = Duration.ofSeconds(30);
        private Duration outageTolerance = Duration.ofHours(1);
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration readTimeout = Duration.ofSeconds(1);
        private int sizeLimit = 64 * 1024;

        private Builder(String issuer) {
            this.issuer = issuer;
        }

        /** The JWKS location, skipping discovery; it must be HTTPS (plain HTTP only on loopback). */
        public Builder jwksUri(String uri) {
            this.jwksUri = uri == null ? null : parse("jwksUri", uri);
            return this;
        }

        /** Adds accepted audiences: a token must name one of them in {@code aud} (or pass the {@code azp} rule). */
        public Builder audiences(String... values) {
            audiences.addAll(Arrays.asList(values));
            return this;
        }

        /**
         * Adds clients whose tokens are accepted when their audience is only Keycloak's default
         * {@code account} (or absent): the token's {@code azp} must be one of these.
         */
        public Builder authorizedParties(String... clients) {
            authorizedParties.addAll(Arrays.asList(clients));
            return this;
        }

        /** The accepted signature algorithms (default RS256, PS256, ES256); {@code none} and HMAC are refused. */
        public Builder algorithms(String... names) {
            algorithms = new LinkedHashSet<>(Arrays.asList(names));
            return this;
        }

        /** The accepted header {@code typ} values (default {@code JWT} and {@code at+jwt}), compared without case. */
        public Builder headerTypes(String... types) {
            headerTypes = new LinkedHashSet<>(Arrays.asList(types));
            return this;
        }

        /** Whether a token without a header {@code typ} is accepted (default false). */
        public Builder allowMissingHeaderType(boolean allow) {
            this.allowMissingHeaderType = allow;
            return this;
        }

        /** The required payload {@code typ} claim (Keycloak: {@code Bearer}); null for none. */
        public Builder typClaim(String value) {
            this.typClaim = value;
            return this;
        }

        /** The tolerance for {@code exp}, {@code nbf} and {@code iat} (default 60 s, at most 5 min). */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = skew;
            return this;
        }

        /**
         * Binds every token of this issuer to one tenant (a realm per tenant); a tenant claim naming
         * another tenant is then refused.
         */
        public Builder tenant(TenantId tenant) {
            this.tenant = tenant;
            return this;
        }

        /** The claim naming the tenant or tenants (a UUID or a list of them; default {@code tenant_id}). */
        public Builder tenantClaim(String claim) {
            this.tenantClaim = claim;
            return this;
        }

        /** The claim naming the stores (default {@code store_ids}). */
        public Builder storeClaim(String claim) {
            this.storeClaim = claim;
            return this;
        }

        /** The claim naming the vendors (default {@code vendor_ids}). */
        public Builder vendorClaim(String claim) {
            this.vendorClaim = claim;
            return this;
        }

        /** How long fetched keys are used before they are fetched again (default 5 min). */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = ttl;
            return this;
        }

        /** How long before the cache expires a request triggers a background refresh (default 30 s). */
        public Builder refreshAhead(Duration ahead) {
            this.refreshAhead = ahead;
            return this;
        }

        /** The least time between two fetches caused by unknown key ids (default 30 s). */
        public Builder refetchInterval(Duration interval) {
            this.refetchInterval = interval;
            return this;
        }

        /** How long the last keys stay usable while the JWKS endpoint is down (default 1 h). */
        public Builder outageTolerance(Duration ttl) {
            this.outageTolerance = ttl;
            return this;
        }

        /** The HTTP timeouts of JWKS and discovery fetches (default 1 s each). */
        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = connect;
            this.readTimeout = read;
            return this;
        }

        /** The largest JWKS or discovery document read, in bytes (default 64 KiB). */
        public Builder sizeLimit(int bytes) {
            this.sizeLimit = bytes;
            return this;
        }

        /** Validates the settings and returns the issuer. */
        public Issuer build() {
            if (issuer == null || issuer.isBlank()) {
                throw config("issuer", issuer, "must not be blank");
            }
            URI iss = parse("issuer", issuer);
            requireSecure("issuer", iss);
            if (jwksUri != null) {
                requireSecure("jwksUri", jwksUri);
            }
            if (audiences.isEmpty() && authorizedParties.isEmpty()) {
                throw config("audiences", audiences, "are empty: give the audiences (or, for Keycloak, the "
                        + "authorizedParties) whose tokens this service accepts");
            }
            if (audiences.stream().anyMatch(a -> a == null || a.isBlank())) {
                throw config("audiences", audiences, "contain a blank value");
            }
            if (algorithms.isEmpty()) {
                throw config("algorithms", algorithms, "are empty");
            }
            for (String alg : algorithms) {
                if (alg == null || !SIGNATURE_ALGORITHMS.contains(alg)) {
                    throw config("algorithms", alg, "is not an asymmetric signature algorithm (none, HMAC and "
                            + "encryption algorithms are never accepted)");
                }
            }
            if (headerTypes.isEmpty() && !allowMissingHeaderType) {
                throw config("headerTypes", headerTypes, "are empty and a missing typ is refused: no token could pass");
            }
            Set<String> types = new LinkedHashSet<>();
            for (String t : headerTypes) {
                if (t == null || t.isBlank()) {
                    throw config("headerTypes", headerTypes, "contain a blank value");
                }
                types.add(t.toLowerCase(Locale.ROOT));
            }
            headerTypes = types;
            positive("clockSkew", clockSkew, true);
            if (clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw config("clockSkew", clockSkew, "is more than 5 minutes");
            }
            claim("tenantClaim", tenantClaim);
            claim("storeClaim", storeClaim);
            claim("vendorClaim", vendorClaim);
            positive("cacheTtl", cacheTtl, false);
            positive("refreshAhead", refreshAhead, false);
            positive("refetchInterval", refetchInterval, false);
            positive("outageTolerance", outageTolerance, false);
            positive("connectTimeout", connectTimeout, false);
            positive("readTimeout", readTimeout, false);
            if (refetchInterval.compareTo(cacheTtl) >= 0) {
                throw config("refetchInterval", refetchInterval, "must be shorter than cacheTtl " + cacheTtl);
            }
            // the JWKS source refreshes ahead and then waits up to 15 s for the fetch: both must fit in the TTL
            if (refreshAhead.plusSeconds(15).compareTo(cacheTtl) > 0) {
                throw config("refreshAhead", refreshAhead, "plus the 15 s fetch timeout must fit in cacheTtl " + cacheTtl);
            }
            if (sizeLimit < 1024) {
                throw config("sizeLimit", sizeLimit, "must be at least 1024 bytes");
            }
            return new Issuer(this, issuer, Optional.ofNullable(jwksUri));
        }

        private static void claim(String setting, String name) {
            if (name == null || name.isBlank()) {
                throw config(setting, name, "must name a claim");
            }
        }

        private static void positive(String setting, Duration d, boolean zeroAllowed) {
            if (d == null || d.isNegative() || (!zeroAllowed && d.isZero())) {
                throw config(setting, d, zeroAllowed ? "must not be negative" : "must be positive");
            }
        }

        private static URI parse(String setting, String text) {
            try {
                URI uri = new URI(text);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw config(setting, text, "is not an absolute URL");
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                throw config(setting, text, "is not a URL");
            }
        }

        private static void requireSecure(String setting, URI uri) {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("https")) {
                return;
            }
            if (scheme.equals("http") && isLoopback(uri.getHost())) {
                return;
            }
            throw config(setting, uri, "must use https (plain http only on a loopback address)");
        }

        static boolean isLoopback(String host) {
            String h = host.toLowerCase(Locale.ROOT);
            return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
        }

        private static CityOsException config(String setting, Object value, String why) {
            return new CityOsException(ErrorCode.CONFIGURATION, "issuer " + setting + ": " + Values.quote(value) + " " + why);
        }
    }
}
