package org.cityos.core.identity.apikey;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.cityos.core.StoreId;
import org.cityos.core.TenantId;

/**
 * An API key as listings show it: everything but the secret, which is never stored. The
 * {@link #prefix()} identifies the key to people (and to secret scanners).
 */
public record ApiKey(ApiKeyId id, TenantId tenant, String name, ApiKeys.Environment environment, String prefix,
                     Set<ApiScope> scopes, Optional<StoreId> store, Optional<String> vendor, Instant createdAt,
                     Optional<Instant> expiresAt, Optional<Instant> revokedAt, Optional<Instant> lastUsedAt,
                     Optional<ApiKeyId> replaces) {
    public ApiKey {
        scopes = Set.copyOf(scopes);
    }

    /** Whether the key verifies at {@code now}: not revoked and not expired. */
    public boolean activeAt(Instant now) {
        return revokedAt.map(r -> r.isAfter(now)).orElse(true) && expiresAt.map(e -> e.isAfter(now)).orElse(true);
    }
}
