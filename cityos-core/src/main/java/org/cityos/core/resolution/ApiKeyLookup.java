package org.cityos.core.resolution;

import java.util.Objects;
import java.util.Optional;

import org.cityos.core.Principal;
import org.cityos.core.TenantId;

/**
 * The seam through which resolution asks who an API key belongs to; the identity module provides
 * the real one. Implementations must never log or echo the key.
 */
@FunctionalInterface
public interface ApiKeyLookup {

    /**
     * The tenant and principal of a known, valid key; empty when the key is unknown, revoked or
     * expired (resolution then fails with {@code unauthenticated}).
     */
    Optional<Match> find(String key);

    /** A key's owner: the tenant it is scoped to and the principal it acts as. */
    record Match(TenantId tenant, Principal principal) {
        public Match {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(principal, "principal");
        }
    }
}
