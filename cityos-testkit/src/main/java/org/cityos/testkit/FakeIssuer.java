package org.cityos.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Keycloak (or any OpenID Connect issuer) on a loopback port: it serves a
 * discovery document and a JWKS of keys it generated, counts the requests, can rotate keys or
 * play dead, and mints Keycloak-shaped access tokens signed with its keys, stamped by the given clock.
 *
 * <pre>{@code
 * try (FakeIssuer idp = FakeIssuer.start("riyadh", clock)) {
 *     String token = idp.accessToken("alice").audience("cityos-api").sign();
 * }
 * }</pre>
 */
public final class FakeIssuer implements AutoCloseable {
    private final HttpServer server;
    private final String issuer;
    private final Clock clock;
    private final List<JWK> keys = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger discoveryRequests = new AtomicInteger();
    private volatile boolean down;
    private volatile JWK signingKey;

    private FakeIssuer(String realm, Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/" + realm;
        server.createContext("/realms/" + realm + "/.well-known/openid-configuration", ex -> {
            discoveryRequests.incrementAndGet();
            respond(ex, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri() + "\"}");
        });
        server.createContext("/realms/" + realm + "/protocol/openid-connect/certs", ex -> {
            jwksRequests.incrementAndGet();
            respond(ex, new JWKSet(keys).toPublicJWKSet().toString());
        });
        server.start();
        this.signingKey = addRsaKey();
    }

    /** An issuer for {@code realm} on a free loopback port, with one RSA signing key. */
    public static FakeIssuer start(String realm, Clock clock) {
        try {
            return new FakeIssuer(realm, clock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake issuer", e);
        }
    }

    private void respond(HttpExchange ex, String body) throws IOException {
        try (ex) {
            if (down) {
                ex.sendResponseHeaders(503, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The issuer URL, as its tokens name it in {@code iss}. */
    public String issuer() {
        return issuer;
    }

    /** Where the JWKS is served. */
    public String jwksUri() {
        return issuer + "/protocol/openid-connect/certs";
    }

    /** How many times the JWKS was requested. */
    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** How many times the discovery document was requested. */
    public int discoveryRequests() {
        return discoveryRequests.get();
    }

    /** While down, every request is answered 503. */
    public void down(boolean down) {
        this.down = down;
    }

    /** The key tokens are signed with. */
    public JWK signingKey() {
        return signingKey;
    }

    /** Adds a new RSA key to the JWKS and signs with it from now on; returns it. */
    public JWK rotate() {
        signingKey = addRsaKey();
        return signingKey;
    }

    /** Adds a new EC P-256 key to the JWKS and signs with it from now on; returns it. */
    public JWK rotateToEc() {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                    .generate();
            keys.add(key);
            signingKey = key;
            return key;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes a key from the JWKS (tokens already signed with it stay signed). */
    public void remove(JWK key) {
        keys.removeIf(k -> k.getKeyID().equals(key.getKeyID()));
    }

    private JWK addRsaKey() {
        RSAKey key = rsaKey(UUID.randomUUID().toString());
        keys.add(key);
        return key;
    }

    /** A fresh 2048-bit RSA signing key that no issuer publishes (an attacker's). */
    public static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Keycloak-shaped access token for {@code subject}: {@code typ: Bearer}, one hour to live. */
    public TokenBuilder accessToken(String subject) {
        return new TokenBuilder(subject);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Builds and signs one token; every claim can be replaced or removed. */
    public final class TokenBuilder {
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private final Map<String, Object> header = new LinkedHashMap<>();
        private JOSEObjectType type = JOSEObjectType.JWT;
        private JWK key = signingKey;

        private TokenBuilder(String subject) {
            Instant now = clock.instant();
            claims.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
            claims.put("iat", now.getEpochSecond());
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("iss", issuer);
            claims.put("aud", "account");
            claims.put("sub", subject);
            claims.put("typ", "Bearer");
            claims.put("azp", "storefront");
            claims.put("scope", "openid profile email");
            claims.put("realm_access", Map.of("roles", List.of("offline_access", "default-roles")));
        }

        /** Sets a claim (null removes it). */
        public TokenBuilder claim(String name, Object value) {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value);
            }
            return this;
        }

        /** Sets {@code aud} to one or more values. */
        public TokenBuilder audience(String... audiences) {
            return claim("aud", audiences.length == 1 ? audiences[0] : List.of(audiences));
        }

        /** Sets {@code exp} to the clock's now plus {@code d} (negative for the past). */
        public TokenBuilder expiresIn(Duration d) {
            return claim("exp", clock.instant().plus(d).getEpochSecond());
        }

        /** Sets the realm roles ({@code realm_access.roles}). */
        public TokenBuilder realmRoles(String... roles) {
            return claim("realm_access", Map.of("roles", List.of(roles)));
        }

        /** Sets one client's roles ({@code resource_access.<client>.roles}). */
        public TokenBuilder clientRoles(String client, String... roles) {
            @SuppressWarnings("unchecked")
            Map<String, Object> access = new LinkedHashMap<>(
                    (Map<String, Object>) claims.getOrDefault("resource_access", Map.of()));
            access.put(client, Map.of("roles", List.of(roles)));
            return claim("resource_access", access);
        }

        /** Sets a header parameter ({@code jku}, {@code x5u}, {@code jwk}, {@code kid}, ...). */
        public TokenBuilder header(String name, Object value) {
            header.put(name, value);
            return this;
        }

        /** Sets the header {@code typ} (null for none). */
        public TokenBuilder type(String typ) {
            this.type = typ == null ? null : new JOSEObjectType(typ);
            return this;
        }

        /** Signs with {@code key} instead of the issuer's current key. */
        public TokenBuilder signedWith(JWK key) {
            this.key = key;
            return this;
        }

        /** The compact serialisation. */
        public String sign() {
            try {
                JWSAlgorithm alg = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("alg", alg.getName());
                if (type != null) {
                    h.put("typ", type.getType());
                }
                h.put("kid", key.getKeyID());
                h.putAll(header);
                JWSHeader parsed = JWSHeader.parse(h);
                SignedJWT jwt = new SignedJWT(parsed, JWTClaimsSet.parse(claims));
                jwt.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
                return jwt.serialize();
            } catch (JOSEException | java.text.ParseException e) {
                throw new IllegalStateException("cannot sign the token", e);
            }
        }
    }
}
