package org.cityos.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.cityos.core.Principal;
import org.cityos.core.identity.Issuer;
import org.cityos.core.identity.JwtVerifier;
import org.cityos.testkit.FakeIssuer;
import org.cityos.testkit.TestClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying one Keycloak-shaped RS256 access token through {@link JwtVerifier} (keys cached after
 * the first fetch from a loopback issuer), beside the floor: a bare Nimbus
 * {@code DefaultJWTProcessor} with the public key in memory and its default claims checks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JwtVerifyBenchmark {
    private FakeIssuer idp;
    private JwtVerifier verifier;
    private DefaultJWTProcessor<SecurityContext> nimbus;
    private String token;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // the real time, so Nimbus's own claims verifier (system time) accepts the token too
        TestClock clock = new TestClock(Instant.now());
        idp = FakeIssuer.start("riyadh", clock);
        token = idp.accessToken("3f1c2a8e-alice")
                .audience("cityos-api", "account")
                .claim("email", "alice@example.com")
                .claim("preferred_username", "alice")
                .claim("session_state", UUID.randomUUID().toString())
                .claim("sid", UUID.randomUUID().toString())
                .claim("acr", "1")
                .claim("allowed-origins", List.of("https://shop.example.com"))
                .realmRoles("offline_access", "uma_authorization", "default-roles-riyadh", "vendor")
                .clientRoles("account", "manage-account", "view-profile")
                .clientRoles("cityos-api", "orders:fulfil")
                .claim("tenant_id", UUID.randomUUID().toString())
                .claim("vendor_ids", List.of("v-1"))
                .sign();
        verifier = JwtVerifier.builder().clock(clock)
                .issuer(Issuer.keycloak(idp.issuer()).audiences("cityos-api").build()).build();
        verifier.verify(token);

        nimbus = new DefaultJWTProcessor<>();
        nimbus.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(new JWKSet(idp.signingKey().toPublicJWK()))));
        nimbus.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>("cityos-api",
                new JWTClaimsSet.Builder().issuer(idp.issuer()).build(), Set.of("sub", "exp")));
        nimbus.process(token, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        verifier.close();
        idp.close();
    }

    @Benchmark
    public Principal library() {
        return verifier.verify(token);
    }

    @Benchmark
    public JWTClaimsSet bareNimbus() throws Exception {
        return nimbus.process(token, null);
    }
}
