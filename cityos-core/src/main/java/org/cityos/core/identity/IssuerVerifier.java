package org.cityos.core.identity;

import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import org.cityos.core.CityOsException;
import org.cityos.core.Principal;
import org.cityos.core.StoreId;
import org.cityos.core.TenantId;
import org.cityos.core.Values;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the tokens of one {@link Issuer}: header checks, signature through the issuer's own
 * keys (found through discovery on first use), then the claims against the injected clock, and
 * maps the claims to a {@link Principal}.
 */
final class IssuerVerifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IssuerVerifier.class);
    private static final String ACCOUNT = "account";

    private final Issuer issuer;
    private final Clock clock;
    private final ResourceRetriever retriever;
    private final Object lock = new Object();
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private volatile KeySource keys;
    private long lastDiscoveryFailure;
    private boolean discoveryFailed;

    IssuerVerifier(Issuer issuer, Clock clock, ResourceRetriever retriever) {
        this.issuer = issuer;
        this.clock = clock;
        this.retriever = retriever;
    }

    Issuer issuer() {
        return issuer;
    }

    Principal verify(SignedJWT jwt) {
        String alg = jwt.getHeader().getAlgorithm().getName();
        if (!issuer.algorithms().contains(alg)) {
            throw JwtVerifier.reject("algorithm " + Values.quote(alg) + " is not accepted for issuer " + Values.quote(issuer.issuer()));
        }
        JOSEObjectType typ = jwt.getHeader().getType();
        if (typ == null ? !issuer.allowMissingHeaderType()
                : !issuer.headerTypes().contains(typ.getType().toLowerCase(Locale.ROOT))) {
            throw JwtVerifier.reject(typ == null ? "the token header has no typ"
                    : "header typ " + Values.quote(typ.getType()) + " is not an accepted access token type");
        }
        JWTClaimsSet claims;
        try {
            claims = processor().process(jwt, null);
        } catch (BadJWSException e) {
            throw JwtVerifier.reject("the token signature is not valid");
        } catch (BadJWTException e) {
            throw JwtVerifier.reject(e.getMessage());
        } catch (KeySourceException e) {
            LOG.debug("keys of {} unavailable: {}", issuer.issuer(), e.toString());
            throw JwtVerifier.reject("the signing keys of issuer " + Values.quote(issuer.issuer()) + " are unavailable");
        } catch (BadJOSEException e) {
            throw JwtVerifier.reject("no signing key of issuer " + Values.quote(issuer.issuer())
                    + " matches the token's key id and algorithm");
        } catch (JOSEException e) {
            throw JwtVerifier.reject("the token signature could not be checked");
        }
        return principal(claims);
    }

    private DefaultJWTProcessor<SecurityContext> processor() {
        DefaultJWTProcessor<SecurityContext> p = processor;
        if (p != null) {
            return p;
        }
        synchronized (lock) {
            if (processor != null) {
                return processor;
            }
            URI jwks = issuer.jwksUri().orElseGet(this::discover);
            KeySource source = new KeySource(issuer, KeySource.url(jwks), retriever, clock);
            DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
            // the header typ was checked before, without case; Nimbus's check would repeat it with case
            built.setJWSTypeVerifier((type, ctx) -> { });
            built.setJWSKeySelector(new JWSVerificationKeySelector<>(
                    issuer.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet()), source));
            built.setJWTClaimsSetVerifier(new ClaimsCheck());
            keys = source;
            processor = built;
            return built;
        }
    }

    /** Reads the issuer's discovery document (at most once per refetch interval after a failure). */
    private URI discover() {
        long now = clock.millis();
        if (discoveryFailed && now - lastDiscoveryFailure < issuer.refetchInterval().toMillis()) {
            throw JwtVerifier.reject("the discovery document of issuer " + Values.quote(issuer.issuer())
                    + " is unavailable");
        }
        try {
            Resource doc = retriever.retrieveResource(KeySource.url(issuer.discoveryUri()));
            Map<String, Object> json = JSONObjectUtils.parse(doc.getContent());
            String named = JSONObjectUtils.getString(json, "issuer");
            if (!issuer.issuer().equals(named)) {
                throw new IOException("the discovery document names issuer " + Values.quote(named));
            }
            String jwksUri = JSONObjectUtils.getString(json, "jwks_uri");
            if (jwksUri == null) {
                throw new IOException("the discovery document has no jwks_uri");
            }
            URI uri = URI.create(jwksUri);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http")
                    && Issuer.Builder.isLoopback(uri.getHost()))) {
                throw new IOException("the discovery document's jwks_uri is not an https URL");
            }
            discoveryFailed = false;
            return uri;
        } catch (IOException | ParseException | IllegalArgumentException e) {
            discoveryFailed = true;
            lastDiscoveryFailure = now;
            LOG.warn("discovery of issuer {} failed: {}", Values.quote(issuer.issuer()), Values.neutralise(e.getMessage()));
            throw JwtVerifier.reject("the discovery document of issuer " + Values.quote(issuer.issuer())
                    + " is unavailable");
        }
    }

    /** The claim checks, on the injected clock (Nimbus's own verifier reads the system time). */
    private final class ClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {
        @Override
        public void verify(JWTClaimsSet c, SecurityContext context) throws BadJWTException {
            if (!issuer.issuer().equals(c.getIssuer())) {
                throw new BadJWTException("iss " + Values.quote(c.getIssuer()) + " is not " + Values.quote(issuer.issuer()));
            }
            Instant now = clock.instant();
            Duration skew = issuer.clockSkew();
            Date exp = c.getExpirationTime();
            if (exp == null) {
                throw new BadJWTException("the token has no exp claim");
            }
            if (now.isAfter(exp.toInstant().plus(skew))) {
                throw new BadJWTException("the token expired at " + exp.toInstant());
            }
            Date nbf = c.getNotBeforeTime();
            if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
                throw new BadJWTException("the token is not valid before " + nbf.toInstant());
            }
            Date iat = c.getIssueTime();
            if (iat != null && iat.toInstant().isAfter(now.plus(skew))) {
                throw new BadJWTException("the token was issued in the future, at " + iat.toInstant());
            }
            if (c.getSubject() == null || c.getSubject().isBlank()) {
                throw new BadJWTException("the token has no sub claim");
            }
            Object typ = c.getClaim("typ");
            if (typ != null && "ID".equalsIgnoreCase(String.valueOf(typ))) {
                throw new BadJWTException("an ID token is not an access token");
            }
            if (issuer.typClaim().isPresent() && !issuer.typClaim().get().equals(typ)) {
                throw new BadJWTException("the token's typ claim " + Values.quote(typ) + " is not "
                        + Values.quote(issuer.typClaim().get()));
            }
            List<String> aud = c.getAudience();
            if (aud.stream().anyMatch(issuer.audiences()::contains)) {
                return;
            }
            Object azp = c.getClaim("azp");
            boolean defaultAudience = aud.stream().allMatch(ACCOUNT::equals);
            if (defaultAudience && azp instanceof String party && issuer.authorizedParties().contains(party)) {
                return;
            }
            throw new BadJWTException("the token is not meant for this service: aud " + Values.quote(aud)
                    + (azp == null ? "" : ", azp " + Values.quote(azp)));
        }
    }

    private Principal principal(JWTClaimsSet c) {
        Map<String, Object> all = c.getClaims();
        Set<String> roles = new LinkedHashSet<>(strings(path(all, "realm_access.roles")));
        roles.addAll(strings(all.get("roles")));
        Map<String, Set<String>> clientRoles = new LinkedHashMap<>();
        if (all.get("resource_access") instanceof Map<?, ?> access) {
            access.forEach((client, value) -> {
                if (client instanceof String name && value instanceof Map<?, ?> m) {
                    clientRoles.put(name, new LinkedHashSet<>(strings(m.get("roles"))));
                }
            });
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (all.get("scope") instanceof String s) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    scopes.add(part);
                }
            }
        }
        scopes.addAll(strings(all.get("scp")));
        Optional<String> email = all.get("email") instanceof String e ? Optional.of(e) : Optional.empty();

        Set<TenantId> tenants = new LinkedHashSet<>();
        for (String t : strings(path(all, issuer.tenantClaim()))) {
            tenants.add(new TenantId(uuid(issuer.tenantClaim(), t)));
        }
        if (issuer.tenant().isPresent()) {
            TenantId bound = issuer.tenant().get();
            if (!tenants.isEmpty() && !Set.of(bound).equals(tenants)) {
                throw JwtVerifier.reject("the token's " + issuer.tenantClaim() + " claim names another tenant than "
                        + "the one issuer " + Values.quote(issuer.issuer()) + " is bound to");
            }
            tenants = Set.of(bound);
        }
        Set<StoreId> stores = new LinkedHashSet<>();
        for (String s : strings(path(all, issuer.storeClaim()))) {
            stores.add(new StoreId(uuid(issuer.storeClaim(), s)));
        }
        Set<String> vendors = new LinkedHashSet<>(strings(path(all, issuer.vendorClaim())));
        return new Principal(Principal.Kind.USER, c.getSubject(), roles, email, clientRoles, scopes, tenants, stores,
                vendors);
    }

    private static UUID uuid(String claim, String text) {
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw JwtVerifier.reject("the token's " + claim + " claim holds " + Values.quote(text) + ", not a UUID");
    }

    /** A claim by name, or by a dotted path into nested objects when no claim has the whole name. */
    private static Object path(Map<String, Object> claims, String name) {
        if (claims.containsKey(name)) {
            return claims.get(name);
        }
        Object at = claims;
        for (String part : name.split("\\.")) {
            if (!(at instanceof Map<?, ?> m)) {
                return null;
            }
            at = m.get(part);
        }
        return at;
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            if (!s.isBlank()) {
                out.add(s);
            }
        } else if (value instanceof Collection<?> c) {
            for (Object o : c) {
                if (o instanceof String s && !s.isBlank()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        KeySource k = keys;
        if (k != null) {
            try {
                k.close();
            } catch (IOException e) {
                LOG.debug("closing the key source of {} failed: {}", issuer.issuer(), e.toString());
            }
        }
    }

}
