package org.cityos.core.tenancy;

import java.util.Map;
import java.util.Optional;

import org.cityos.core.TenantId;

/**
 * A tenant: a business in a scope and category, with its currency, locale, time zone and
 * free-form settings (modules read theirs, e.g. the marketplace's {@code hold_days}).
 */
public record Tenant(TenantId id, String handle, String name, ScopeId scope, CategoryId category,
                     Optional<SubcategoryId> subcategory, TenantStatus status, String currency, String locale,
                     String timeZone, Map<String, String> settings) {
    public Tenant {
        settings = Map.copyOf(settings);
    }
}
