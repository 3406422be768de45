package org.cityos.core.identity.authz;

import java.util.Optional;

import org.cityos.core.Principal;
import org.cityos.core.identity.apikey.ApiScope;

/** What no policy can grant: an API key acting beyond its scopes. */
final class Ceiling {
    private Ceiling() {
    }

    /** The reason to deny {@code action} on {@code kind} before any policy is asked, if there is one. */
    static Optional<String> denial(Principal principal, String kind, String action) {
        if (principal.kind() == Principal.Kind.API_KEY && !ApiScope.anyPermits(principal.scopes(), kind, action)) {
            return Optional.of("the API key's scopes " + principal.scopes() + " do not allow " + action + " on " + kind);
        }
        return Optional.empty();
    }
}
