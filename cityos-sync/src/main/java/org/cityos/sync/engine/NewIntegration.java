package org.cityos.sync.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An integration endpoint to register for a tenant: a unique name ({@code commerce}, {@code cms}),
 * the connector that speaks to it ({@code medusa}, {@code payload}, {@code fleetbase},
 * {@code erpnext}, {@code cityos}), its base URL, a reference to its credentials (resolved by the
 * host's {@link CredentialsResolver}, never the secret itself) and connector settings.
 */
public record NewIntegration(String name, String connector, Optional<String> baseUrl, Optional<String> credentialsRef,
                             Map<String, String> settings) {
    /** The connector name of the library's own data. */
    public static final String LOCAL_CONNECTOR = "cityos";

    public NewIntegration {
        baseUrl = baseUrl == null ? Optional.empty() : baseUrl;
        credentialsRef = credentialsRef == null ? Optional.empty() : credentialsRef;
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** An HTTP integration named {@code name} through {@code connector} at {@code baseUrl}. */
    public static NewIntegration of(String name, String connector, String baseUrl) {
        return new NewIntegration(name, connector, Optional.of(Objects.requireNonNull(baseUrl, "baseUrl")),
                Optional.empty(), Map.of());
    }

    /** The library's own data as a side, named {@code cityos}. */
    public static NewIntegration local() {
        return new NewIntegration(LOCAL_CONNECTOR, LOCAL_CONNECTOR, Optional.empty(), Optional.empty(), Map.of());
    }

    /** The same integration with a credentials reference. */
    public NewIntegration withCredentials(String reference) {
        return new NewIntegration(name, connector, baseUrl, Optional.of(reference), settings);
    }

    /** The same integration with one more connector setting. */
    public NewIntegration withSetting(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(settings);
        m.put(key, value);
        return new NewIntegration(name, connector, baseUrl, credentialsRef, m);
    }
}
