package org.cityos.sync.engine;

import org.cityos.core.TenantId;

/**
 * The port through which the host hands over an integration's secrets: the integration table
 * stores only a reference (a vault path, an environment variable name, a key id), which this
 * resolves when a call is made. Implementations may cache; they must not log the secrets.
 */
@FunctionalInterface
public interface CredentialsResolver {
    /**
     * The credentials {@code reference} names for {@code tenant}; throw a
     * {@link ConnectorException} of kind {@code UNAUTHORIZED} when there are none.
     */
    Credentials resolve(TenantId tenant, String reference);

    /** A resolver that knows no credentials (integrations that need none, such as the library's own side). */
    static CredentialsResolver none() {
        return (tenant, reference) -> {
            throw ConnectorException.unauthorized("no CredentialsResolver is configured to resolve '" + reference + "'",
                    null);
        };
    }
}
