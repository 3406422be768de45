package org.cityos.core.identity.authz;

import java.util.Objects;

/** One question for an {@link Authorizer}: may the principal do {@code action} on {@code resource}? */
public record Check(Resource resource, String action) {
    public Check {
        Objects.requireNonNull(resource, "resource");
        if (action == null || action.isBlank()) {
            throw org.cityos.core.CityOsException.invalid("action", action, "must not be blank");
        }
    }
}
