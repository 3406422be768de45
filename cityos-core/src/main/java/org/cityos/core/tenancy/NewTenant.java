package org.cityos.core.tenancy;

import java.util.Map;
import java.util.Optional;

/** What it takes to create a tenant; {@link #of} fills the usual defaults. */
public record NewTenant(String handle, String name, ScopeId scope, CategoryId category,
                        Optional<SubcategoryId> subcategory, String currency, String locale, String timeZone,
                        Map<String, String> settings) {
    public NewTenant {
        subcategory = subcategory == null ? Optional.empty() : subcategory;
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** A tenant with locale {@code en}, time zone UTC and no settings. */
    public static NewTenant of(String handle, String name, ScopeId scope, CategoryId category, String currency) {
        return new NewTenant(handle, name, scope, category, Optional.empty(), currency, "en", "UTC", Map.of());
    }

    public NewTenant subcategory(SubcategoryId id) {
        return new NewTenant(handle, name, scope, category, Optional.of(id), currency, locale, timeZone, settings);
    }

    public NewTenant locale(String tag, String zone) {
        return new NewTenant(handle, name, scope, category, subcategory, currency, tag, zone, settings);
    }

    public NewTenant settings(Map<String, String> values) {
        return new NewTenant(handle, name, scope, category, subcategory, currency, locale, timeZone, values);
    }
}
