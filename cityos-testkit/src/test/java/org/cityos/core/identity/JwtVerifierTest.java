package org.cityos.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.core.StoreId;
import org.cityos.core.TenantId;
import org.cityos.testkit.FakeIssuer;
import org.cityos.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
    private static final RSAKey ATTACKER = FakeIssuer.rsaKey("attacker");
    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private FakeIssuer idp;
    private JwtVerifier verifier;

    @BeforeEach
    void start() {
        idp = FakeIssuer.start("riyadh", clock);
        verifier = verifier(idp);
    }

    @AfterEach
    void stop() {
        verifier.close();
        idp.close();
    }

    private JwtVerifier verifier(FakeIssuer... issuers) {
        JwtVerifier.Builder b = JwtVerifier.builder().clock(clock);
        for (FakeIssuer i : issuers) {
            b.issuer(Issuer.keycloak(i.issuer()).audiences("cityos-api").authorizedParties("storefront").build());
        }
        return b.build();
    }

    private void assertRefused(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(CityOsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                    assertThat(e.getMessage()).contains(reason).doesNotContain(token);
                    for (String part : token.split("\\.")) {
                        if (part.length() > 8) {
                            assertThat(e.getMessage()).doesNotContain(part);
                        }
                    }
                });
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private String claimsJson() {
        long now = clock.instant().getEpochSecond();
        return "{\"iss\":\"" + idp.issuer() + "\",\"sub\":\"alice\",\"aud\":\"cityos-api\",\"typ\":\"Bearer\",\"exp\":"
                + (now + 300) + "}";
    }

    @Test
    void aKeycloakAccessTokenBecomesAPrincipal() {
        TenantId tenant = new TenantId(UUID.randomUUID());
        StoreId store = new StoreId(UUID.randomUUID());
        String token = idp.accessToken("alice")
                .claim("email", "alice@example.com")
                .realmRoles("tenant_admin", "offline_access")
                .clientRoles("storefront", "buyer")
                .claim("scope", "openid email orders")
                .claim("tenant_id", tenant.toString())
                .claim("store_ids", List.of(store.toString()))
                .claim("vendor_ids", List.of("v-1", "v-2"))
                .sign();

        Principal p = verifier.verify(token);

        assertThat(p.kind()).isEqualTo(Principal.Kind.USER);
        assertThat(p.subject()).isEqualTo("alice");
        assertThat(p.email()).contains("alice@example.com");
        assertThat(p.roles()).containsExactlyInAnyOrder("tenant_admin", "offline_access");
        assertThat(p.hasClientRole("storefront", "buyer")).isTrue();
        assertThat(p.scopes()).containsExactlyInAnyOrder("openid", "email", "orders");
        assertThat(p.tenants()).containsExactly(tenant);
        assertThat(p.stores()).containsExactly(store);
        assertThat(p.vendors()).containsExactlyInAnyOrder("v-1", "v-2");
        assertThat(idp.discoveryRequests()).isEqualTo(1);
        assertThat(idp.jwksRequests()).isEqualTo(1);
    }

    @Test
    void anAudienceOnTheListIsAcceptedWhateverTheAzp() {
        assertThat(verifier.verify(idp.accessToken("alice").audience("other", "cityos-api").claim("azp", "x").sign())
                .subject()).isEqualTo("alice");
    }

    @Test
    void anEs256TokenIsAccepted() {
        idp.rotateToEc();
        assertThat(verifier.verify(idp.accessToken("alice").sign()).subject()).isEqualTo("alice");
    }

    @Test
    void algNoneIsRefused() {
        String token = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claimsJson()) + ".";
        assertRefused(token, "unsigned tokens (alg none)");
    }

    @Test
    void anUnsignedPlainJwtIsRefused() throws Exception {
        String token = new PlainJWT(JWTClaimsSet.parse(claimsJson())).serialize();
        assertRefused(token, "unsigned");
    }

    @Test
    void anAlgorithmOffTheListIsRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS512).keyID(idp.signingKey().getKeyID()).build(),
                JWTClaimsSet.parse(claimsJson()));
        jwt.sign(new RSASSASigner((RSAKey) idp.signingKey()));
        assertRefused(jwt.serialize(), "algorithm 'RS512' is not accepted");
    }

    @Test
    void hs256SignedWithTheRsaPublicKeyIsRefused() throws Exception {
        verifier.verify(idp.accessToken("alice").sign()); // the keys are known
        byte[] publicKey = ((RSAKey) idp.signingKey()).toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(idp.signingKey().getKeyID()).build(),
                JWTClaimsSet.parse(claimsJson()));
        jwt.sign(new MACSigner(publicKey));
        assertRefused(jwt.serialize(), "HMAC-signed tokens (HS256) are not accepted");
        // and the PEM text of the key, the other classic confusion
        String pem = idp.signingKey().toPublicJWK().toJSONString();
        SignedJWT jwt2 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), JWTClaimsSet.parse(claimsJson()));
        jwt2.sign(new MACSigner(pem.getBytes(StandardCharsets.UTF_8)));
        assertRefused(jwt2.serialize(), "HMAC");
    }

    @Test
    void jkuX5uAndEmbeddedJwkHeadersAreIgnored() {
        String attackerJwks = "http://127.0.0.1:1/attacker/jwks";
        String viaJku = idp.accessToken("mallory").signedWith(ATTACKER).header("jku", attackerJwks).sign();
        String viaX5u = idp.accessToken("mallory").signedWith(ATTACKER).header("x5u", attackerJwks).sign();
        String viaJwk = idp.accessToken("mallory").signedWith(ATTACKER)
                .header("jwk", ATTACKER.toPublicJWK().toJSONObject()).sign();
        String stolenKid = idp.accessToken("mallory").signedWith(ATTACKER)
                .header("kid", idp.signingKey().getKeyID())
                .header("jwk", ATTACKER.toPublicJWK().toJSONObject()).sign();

        assertRefused(viaJku, "no signing key of issuer");
        assertRefused(viaX5u, "no signing key of issuer");
        assertRefused(viaJwk, "no signing key of issuer");
        assertRefused(stolenKid, "signature is not valid");
        assertThat(idp.jwksRequests()).isLessThanOrEqualTo(2);
    }

    @Test
    void aFloodOfUnknownKidsFetchesTheJwksAtMostOncePer30Seconds() {
        verifier.verify(idp.accessToken("alice").sign());
        assertThat(idp.jwksRequests()).isEqualTo(1);
        for (int round = 0; round < 3; round++) {
            int before = idp.jwksRequests();
            for (int i = 0; i < 100; i++) {
                String token = idp.accessToken("mallory").signedWith(ATTACKER)
                        .header("kid", UUID.randomUUID().toString()).sign();
                assertRefused(token, "no signing key");
                clock.advance(Duration.ofMillis(250)); // 25 s per round of 100
            }
            assertThat(idp.jwksRequests() - before).as("fetches in round %d", round).isEqualTo(1);
            clock.advance(Duration.ofSeconds(6));
        }
        // the valid key still works throughout
        assertThat(verifier.verify(idp.accessToken("alice").sign()).subject()).isEqualTo("alice");
    }

    @Test
    void expiryIsCheckedWithSixtySecondsOfSkewOnTheInjectedClock() {
        assertRefused(idp.accessToken("alice").expiresIn(Duration.ofSeconds(-61)).sign(), "expired");
        assertThat(verifier.verify(idp.accessToken("alice").expiresIn(Duration.ofSeconds(-59)).sign()).subject())
                .isEqualTo("alice");
        assertRefused(idp.accessToken("alice").claim("exp", null).sign(), "no exp claim");
    }

    @Test
    void aTokenNotYetValidIsRefused() {
        long now = clock.instant().getEpochSecond();
        assertRefused(idp.accessToken("alice").claim("nbf", now + 120).sign(), "not valid before");
        assertRefused(idp.accessToken("alice").claim("iat", now + 120).sign(), "issued in the future");
        assertThat(verifier.verify(idp.accessToken("alice").claim("nbf", now + 30).sign()).subject()).isEqualTo("alice");
    }

    @Test
    void anotherRealmsTokensAreRefused() {
        try (FakeIssuer other = FakeIssuer.start("other", clock)) {
            assertRefused(other.accessToken("alice").sign(), "is not trusted");
            // signed by the other realm but claiming to come from ours
            assertRefused(other.accessToken("alice").claim("iss", idp.issuer()).sign(), "no signing key");
        }
    }

    @Test
    void severalIssuersAreAcceptedEachWithItsOwnKeys() {
        try (FakeIssuer other = FakeIssuer.start("jeddah", clock); JwtVerifier both = verifier(idp, other)) {
            assertThat(both.verify(idp.accessToken("a").sign()).subject()).isEqualTo("a");
            assertThat(both.verify(other.accessToken("b").sign()).subject()).isEqualTo("b");
            assertThatThrownBy(() -> both.verify(other.accessToken("b").claim("iss", idp.issuer()).sign()))
                    .hasMessageContaining("no signing key");
        }
    }

    @Test
    void theDefaultAccountAudienceNeedsAnAuthorisedParty() {
        assertThat(verifier.verify(idp.accessToken("alice").audience("account").claim("azp", "storefront").sign())
                .subject()).isEqualTo("alice");
        assertRefused(idp.accessToken("alice").audience("account").claim("azp", "admin-cli").sign(), "not meant for this service");
        assertRefused(idp.accessToken("alice").audience("account").claim("azp", null).sign(), "not meant for this service");
        assertRefused(idp.accessToken("alice").audience("billing-api").sign(), "not meant for this service");
    }

    @Test
    void anIdTokenIsNotAnAccessToken() {
        assertRefused(idp.accessToken("alice").claim("typ", "ID").audience("cityos-api").sign(), "an ID token");
        assertRefused(idp.accessToken("alice").claim("typ", "Refresh").sign(), "typ claim");
        assertRefused(idp.accessToken("alice").type("JOSE+JSON").sign(), "header typ");
        assertRefused(idp.accessToken("alice").type(null).sign(), "no typ");
    }

    @Test
    void aTamperedPayloadOrSignatureIsRefused() {
        String token = idp.accessToken("alice").sign();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"alice\"", "\"admin\"");
        assertRefused(parts[0] + "." + b64(payload) + "." + parts[2], "signature is not valid");
        char[] sig = parts[2].toCharArray();
        sig[10] = sig[10] == 'A' ? 'B' : 'A';
        assertRefused(parts[0] + "." + parts[1] + "." + new String(sig), "signature is not valid");
    }

    @Test
    void malformedTokensAreRefusedFast() {
        Map<String, Object> nested = new LinkedHashMap<>();
        Map<String, Object> at = nested;
        for (int i = 0; i < 600; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            at.put("a", next);
            at = next;
        }
        long start = System.nanoTime();
        assertRefused(idp.accessToken("alice").claim("deep", nested).sign(), "not a JSON object");
        assertRefused("e".repeat(9000), "longer than 8192");
        assertRefused("eyJhbGciOiJSUzI1NiJ9.e30!.c2ln", "not base64url");
        assertRefused(b64("not json") + "." + b64("{}") + ".c2ln", "not a valid JOSE header");
        assertRefused("a.b.c.d.e", "encrypted tokens (JWE)");
        assertRefused("a.b", "not a compact JWS");
        assertRefused(b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}") + "." + b64("{}") + ".c2ln", "encrypted");
        assertRefused(b64("{\"alg\":\"PBES2-HS256+A128KW\",\"enc\":\"A128GCM\"}") + "." + b64("{}") + ".c2ln", "encrypted");
        assertRefused(b64("{\"alg\":\"RS256\"}") + "." + b64("[1,2]") + ".c2ln", "not a JSON object");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(idp.jwksRequests()).isZero();
    }

    @Test
    void rotatedKeysAreFetchedAndRemovedKeysExpireWithTheCache() {
        JWK first = idp.signingKey();
        String oldToken = idp.accessToken("alice").sign();
        verifier.verify(oldToken);

        idp.rotate();
        clock.advance(Duration.ofSeconds(5));
        assertThat(verifier.verify(idp.accessToken("bob").sign()).subject()).isEqualTo("bob");
        assertThat(idp.jwksRequests()).isEqualTo(2);

        idp.remove(first);
        assertThat(verifier.verify(oldToken).subject()).as("cached until the cache expires").isEqualTo("alice");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertRefused(oldToken, "no signing key");
        assertThat(verifier.verify(idp.accessToken("bob").sign()).subject()).isEqualTo("bob");
    }

    @Test
    void whenTheJwksIsDownCachedKeysWorkAndNewOnesFail() {
        String token = idp.accessToken("alice").expiresIn(Duration.ofHours(2)).sign();
        verifier.verify(token);
        idp.down(true);

        assertThat(verifier.verify(token).subject()).isEqualTo("alice");
        idp.rotate();
        assertRefused(idp.accessToken("bob").sign(), "no signing key");
        clock.advance(Duration.ofMinutes(6));
        assertThat(verifier.verify(token).subject()).as("past the cache TTL, within outage tolerance")
                .isEqualTo("alice");
        assertRefused(idp.accessToken("bob").sign(), "no signing key");
    }

    @Test
    void anIssuerDownFromTheStartFailsClosed() {
        idp.down(true);
        assertRefused(idp.accessToken("alice").sign(), "discovery document");
        idp.down(false);
        clock.advance(Duration.ofSeconds(31));
        assertThat(verifier.verify(idp.accessToken("alice").sign()).subject()).isEqualTo("alice");
    }

    @Test
    void aTokenForTenantAIsRefusedForTenantB() {
        TenantId a = new TenantId(UUID.randomUUID());
        TenantId b = new TenantId(UUID.randomUUID());
        String token = idp.accessToken("alice").claim("tenant_id", a.toString()).sign();
        assertThat(verifier.verifyFor(token, a).subject()).isEqualTo("alice");
        assertThatThrownBy(() -> verifier.verifyFor(token, b))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void anIssuerBoundToATenantRefusesATokenNamingAnother() {
        TenantId bound = new TenantId(UUID.randomUUID());
        try (JwtVerifier v = JwtVerifier.builder().clock(clock).issuer(Issuer.keycloak(idp.issuer())
                .audiences("cityos-api").tenant(bound).jwksUri(idp.jwksUri()).build()).build()) {
            assertThat(v.verify(idp.accessToken("alice").audience("cityos-api").sign()).tenants()).containsExactly(bound);
            assertThatThrownBy(() -> v.verify(idp.accessToken("alice").audience("cityos-api")
                    .claim("tenant_id", UUID.randomUUID().toString()).sign()))
                    .hasMessageContaining("names another tenant");
            assertThat(idp.discoveryRequests()).as("jwksUri given: no discovery").isZero();
        }
    }

    @Test
    void aMalformedTenantClaimIsRefused() {
        assertRefused(idp.accessToken("alice").claim("tenant_id", "riyadh").sign(), "not a UUID");
    }

    @Test
    void unsafeConfigurationFailsAtBuild() {
        assertThatThrownBy(() -> Issuer.oidc("https://sso.example.com").audiences("a").algorithms("HS256").build())
                .hasMessageContaining("HS256").hasMessageContaining("never accepted");
        assertThatThrownBy(() -> Issuer.oidc("https://sso.example.com").audiences("a").algorithms("none").build())
                .hasMessageContaining("none");
        assertThatThrownBy(() -> Issuer.oidc("http://sso.example.com").audiences("a").build())
                .hasMessageContaining("must use https");
        assertThatThrownBy(() -> Issuer.oidc("https://sso.example.com").build())
                .hasMessageContaining("audiences");
        assertThatThrownBy(() -> Issuer.oidc("https://sso.example.com").audiences("a").clockSkew(Duration.ofHours(1)).build())
                .hasMessageContaining("clockSkew");
        assertThatThrownBy(() -> JwtVerifier.builder().build()).hasMessageContaining("no issuer");
        assertThat(Issuer.oidc("https://sso.example.com").audiences("a").build().algorithms())
                .isEqualTo(Set.of("RS256", "PS256", "ES256"));
    }
}
