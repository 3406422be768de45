package org.cityos.core.identity.apikey;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.cityos.core.StoreId;

/**
 * What to issue: a name people recognise, the scopes, optionally a store or vendor the key is
 * bound to, and optionally when it expires.
 */
public record NewApiKey(String name, Set<ApiScope> scopes, Optional<StoreId> store, Optional<String> vendor,
                        Optional<Instant> expiresAt) {
    public NewApiKey {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        store = store == null ? Optional.empty() : store;
        vendor = vendor == null ? Optional.empty() : vendor;
        expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    }

    /** A tenant-wide key named {@code name} with {@code scopes} that does not expire. */
    public static NewApiKey of(String name, ApiScope... scopes) {
        return new NewApiKey(name, Set.of(scopes), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** This key, expiring at {@code at}. */
    public NewApiKey expiringAt(Instant at) {
        return new NewApiKey(name, scopes, store, vendor, Optional.of(at));
    }

    /** This key, bound to {@code store}. */
    public NewApiKey forStore(StoreId s) {
        return new NewApiKey(name, scopes, Optional.of(s), vendor, expiresAt);
    }

    /** This key, bound to vendor {@code vendorId}. */
    public NewApiKey forVendor(String vendorId) {
        return new NewApiKey(name, scopes, store, Optional.of(vendorId), expiresAt);
    }
}
