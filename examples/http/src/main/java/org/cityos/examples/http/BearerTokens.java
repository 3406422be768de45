package org.cityos.examples.http;

import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.core.identity.JwtVerifier;
import org.cityos.core.resolution.TokenTenantLookup;

/**
 * The host's one way to verify bearer tokens: the {@link JwtVerifier} of the trusted issuers
 * (without any, every token is refused), counted. Tenant resolution verifies through it (it is the
 * resolver's {@link TokenTenantLookup}) and so do the platform endpoints; nothing else holds the
 * verifier, so {@link #verifications()} is the number of tokens the host has checked, a metric a
 * real host would export (and the tests' proof of one verification per request).
 */
final class BearerTokens implements TokenTenantLookup, AutoCloseable {
    private final Optional<JwtVerifier> jwt;
    private final LongAdder verifications = new LongAdder();

    BearerTokens(Optional<JwtVerifier> jwt) {
        this.jwt = jwt;
    }

    /** The principal of a valid token; {@code unauthenticated} for any other, or for every token without issuers. */
    @Override
    public Principal verify(String token) {
        verifications.increment();
        return jwt.orElseThrow(() -> new CityOsException(ErrorCode.UNAUTHENTICATED,
                "bearer token refused: this host trusts no issuer")).verify(token);
    }

    /** How many tokens have been checked (verified or refused) since start. */
    long verifications() {
        return verifications.sum();
    }

    /** Stops the verifier's background key refresh. */
    @Override
    public void close() {
        jwt.ifPresent(JwtVerifier::close);
    }
}
