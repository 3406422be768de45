package org.cityos.core.identity;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.core.TenantId;
import org.cityos.core.Values;
import org.cityos.core.resolution.TokenTenantLookup;

/**
 * Verifies bearer tokens (JWS-signed JWTs) from one or more trusted {@link Issuer}s and turns
 * their claims into a {@link Principal}; it is also the {@link TokenTenantLookup} tenant
 * resolution uses. Immutable and thread-safe; build one at start-up, share it, and close it at
 * shutdown (it stops the background key refresh).
 *
 * <pre>{@code
 * JwtVerifier jwt = JwtVerifier.builder()
 *         .clock(cityOs.clock())
 *         .issuer(Issuer.keycloak("https://sso.example.com/realms/riyadh")
 *                 .audiences("cityos-api").authorizedParties("storefront").build())
 *         .build();
 * Principal who = jwt.verify(token);
 * }</pre>
 *
 * <p>Every refusal raises {@code CityOsException} with code {@code unauthenticated} and a reason
 * that never contains the token.
 */
public final class JwtVerifier implements TokenTenantLookup, AutoCloseable {
    /** The longest token accepted unless configured otherwise, in characters. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 8 * 1024;

    private final Map<String, IssuerVerifier> issuers;
    private final Set<String> algorithms;
    private final int maxTokenLength;

    private JwtVerifier(Map<String, IssuerVerifier> issuers, int maxTokenLength) {
        this.issuers = Map.copyOf(issuers);
        Set<String> algs = new LinkedHashSet<>();
        issuers.values().forEach(v -> algs.addAll(v.issuer().algorithms()));
        this.algorithms = Set.copyOf(algs);
        this.maxTokenLength = maxTokenLength;
    }

    /** A builder; at least one issuer is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The trusted issuers, by their {@code iss}. */
    public List<Issuer> issuers() {
        return issuers.values().stream().map(IssuerVerifier::issuer).toList();
    }

    /**
     * The principal of a valid token; raises {@code unauthenticated} when the token is malformed,
     * unsigned, signed with an unaccepted algorithm or an unknown key, from an untrusted issuer,
     * for another audience, expired or not yet valid. As the resolver's {@link TokenTenantLookup},
     * the principal's one tenant (if it has exactly one) is the request's token signal.
     */
    @Override
    public Principal verify(String token) {
        TokenShape.Parsed parsed = TokenShape.parse(token, maxTokenLength, algorithms);
        IssuerVerifier verifier = issuers.get(parsed.issuer());
        if (verifier == null) {
            throw reject("issuer " + Values.quote(parsed.issuer()) + " is not trusted");
        }
        return verifier.verify(parsed.jwt());
    }

    /**
     * The principal of a valid token that is a member of {@code tenant}; raises
     * {@code unauthenticated} for an invalid token and {@code forbidden} for another tenant's.
     */
    public Principal verifyFor(String token, TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        Principal p = verify(token);
        if (!p.memberOf(tenant)) {
            throw new CityOsException(ErrorCode.FORBIDDEN, "the token's principal " + p.actor()
                    + " is not a member of tenant " + tenant);
        }
        return p;
    }

    /** Stops the background refresh of every issuer's keys. */
    @Override
    public void close() {
        issuers.values().forEach(IssuerVerifier::close);
    }

    static CityOsException reject(String reason) {
        return new CityOsException(ErrorCode.UNAUTHENTICATED, "bearer token refused: " + reason);
    }

    /** Configures a {@link JwtVerifier}; {@link #build()} fails with {@code configuration} naming the setting. */
    public static final class Builder {
        private final List<Issuer> issuers = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;

        private Builder() {
        }

        /** The clock time claims are checked against and key caches expire on (default system UTC). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Adds a trusted issuer. */
        public Builder issuer(Issuer issuer) {
            issuers.add(Objects.requireNonNull(issuer, "issuer"));
            return this;
        }

        /** The longest token accepted, in characters (default {@value #DEFAULT_MAX_TOKEN_LENGTH}). */
        public Builder maxTokenLength(int characters) {
            this.maxTokenLength = characters;
            return this;
        }

        /** Validates the configuration and returns the verifier; no network call is made until the first token. */
        public JwtVerifier build() {
            if (clock == null) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "jwt verifier clock is null: give a Clock");
            }
            if (issuers.isEmpty()) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "jwt verifier has no issuer: add one with issuer(...)");
            }
            if (maxTokenLength < 512 || maxTokenLength > 1024 * 1024) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "jwt verifier maxTokenLength "
                        + maxTokenLength + " must be between 512 and 1048576");
            }
            Map<String, IssuerVerifier> byIss = new LinkedHashMap<>();
            for (Issuer i : issuers) {
                ResourceRetriever r = new DefaultResourceRetriever(
                        (int) i.connectTimeout().toMillis(), (int) i.readTimeout().toMillis(), i.sizeLimit());
                if (byIss.put(i.issuer(), new IssuerVerifier(i, clock, r)) != null) {
                    throw new CityOsException(ErrorCode.CONFIGURATION, "jwt verifier issuer "
                            + Values.quote(i.issuer()) + " is configured twice");
                }
            }
            return new JwtVerifier(byIss, maxTokenLength);
        }
    }
}
