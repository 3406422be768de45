package org.cityos.sync.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.cityos.core.TenantId;

/**
 * A tenant's integration endpoint as stored: name, connector, base URL, credentials reference,
 * settings, enabled flag and health (what the last calls showed, with the last error's text and
 * the count of consecutive failures).
 */
public record Integration(IntegrationId id, TenantId tenant, String name, String connector, Optional<String> baseUrl,
                          Optional<String> credentialsRef, Map<String, String> settings, boolean enabled,
                          Health health, Optional<String> healthDetail, int consecutiveFailures,
                          Optional<Instant> lastSuccessAt, Optional<Instant> lastFailureAt) {
    public Integration {
        settings = Map.copyOf(settings);
    }

    /** A setting, if present and not blank. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key)).filter(v -> !v.isBlank());
    }
}
