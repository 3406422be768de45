package org.cityos.core.resolution;

import java.util.Optional;

import org.cityos.core.TenantId;

/**
 * The seam through which resolution reads the tenant claim of a bearer token; the identity module
 * provides the real one, verifying the token (signature, expiry, audience) first.
 */
@FunctionalInterface
public interface TokenTenantLookup {

    /**
     * The tenant claim of a verified token; empty when the token is valid but names no tenant (a
     * platform operator's). An invalid token raises {@code CityOsException} with code
     * {@code unauthenticated}; implementations must never log the token.
     */
    Optional<TenantId> tenantOf(String bearerToken);
}
