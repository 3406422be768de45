package org.cityos.core.resolution;

import org.cityos.core.Principal;

/**
 * The seam through which resolution verifies a bearer token; the identity module's
 * {@code JwtVerifier} is the real one (signature, expiry, audience). A {@link TenantResolver}
 * calls it once per request that carries {@code Authorization: Bearer}, before it looks anything
 * up: the principal's one tenant, when it has exactly one, is the {@link Strategy#JWT_CLAIM}
 * signal, and the principal itself is {@link Resolution#principal()}, so the host need not verify
 * the token a second time.
 */
@FunctionalInterface
public interface TokenTenantLookup {

    /**
     * The principal of a valid token, its tenants from the token's tenant claim (none for a
     * platform operator's). An invalid token raises {@code CityOsException} with code
     * {@code unauthenticated}; implementations must never log the token.
     */
    Principal verify(String bearerToken);
}
