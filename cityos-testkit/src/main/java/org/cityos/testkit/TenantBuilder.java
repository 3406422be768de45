package org.cityos.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.Hierarchy;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Tenant;

/**
 * Test data: a tenant in one call, with the country, city and category it needs created on first
 * use. Everything has a default (a unique handle, {@code SA/riyadh}, {@code retail}, SAR, UTC, no
 * settings); a test names only what it is about. Goes through the public services, so it
 * validates exactly as production does.
 *
 * <pre>{@code
 * TenantContext shop = TenantBuilder.on(cityOs).handle("souq").zone("Asia/Riyadh").setting("hold_days", "0").create();
 * }</pre>
 */
public final class TenantBuilder {
    /** The principal the builder acts as, unless {@link #actingAs} says otherwise. */
    public static final Principal PLATFORM_ADMIN = Principal.user("platform-admin", "admin");

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final CityOs cityOs;
    private Principal actor = PLATFORM_ADMIN;
    private String handle;
    private String name;
    private String country = "SA";
    private String countryName = "Saudi Arabia";
    private String city = "riyadh";
    private String category = "retail";
    private String currency = "SAR";
    private String locale = "en";
    private String zone = "UTC";
    private final Map<String, String> settings = new LinkedHashMap<>();

    private TenantBuilder(CityOs cityOs) {
        this.cityOs = Objects.requireNonNull(cityOs, "cityOs");
    }

    /** A builder for a tenant of {@code cityOs}. */
    public static TenantBuilder on(CityOs cityOs) {
        return new TenantBuilder(cityOs);
    }

    /** The tenant's handle (default {@code tenant-N}, unique within the JVM). */
    public TenantBuilder handle(String value) {
        this.handle = value;
        return this;
    }

    /** The display name (default: the handle). */
    public TenantBuilder name(String value) {
        this.name = value;
        return this;
    }

    /** The ISO 3166 country the city lies in (default {@code SA}, created if missing). */
    public TenantBuilder country(String code, String countryDisplayName) {
        this.country = code;
        this.countryName = countryDisplayName;
        return this;
    }

    /** The city scope's handle (default {@code riyadh}, created in the country if missing). */
    public TenantBuilder city(String value) {
        this.city = value;
        return this;
    }

    /** The business category's handle (default {@code retail}, created if missing). */
    public TenantBuilder category(String value) {
        this.category = value;
        return this;
    }

    /** The ISO 4217 currency (default {@code SAR}). */
    public TenantBuilder currency(String value) {
        this.currency = value;
        return this;
    }

    /** The locale tag (default {@code en}). */
    public TenantBuilder locale(String value) {
        this.locale = value;
        return this;
    }

    /** The IANA time zone (default {@code UTC}); day boundaries of payouts and billing follow it. */
    public TenantBuilder zone(String value) {
        this.zone = value;
        return this;
    }

    /** One tenant setting, such as {@code hold_days} or {@code default_rate_bps}. */
    public TenantBuilder setting(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Several tenant settings. */
    public TenantBuilder settings(Map<String, String> values) {
        settings.putAll(values);
        return this;
    }

    /** The principal that creates the tenant and that the returned context carries. */
    public TenantBuilder actingAs(Principal principal) {
        this.actor = Objects.requireNonNull(principal, "principal");
        return this;
    }

    /** Creates the tenant and returns a context for it, acting as the builder's principal. */
    public TenantContext create() {
        return TenantContext.of(createTenant().id(), actor);
    }

    /** Creates the tenant and returns it. */
    public Tenant createTenant() {
        Hierarchy h = cityOs.tenancy().hierarchy();
        if (h.country(country).isEmpty()) {
            h.createCountry(actor, country, countryName);
        }
        Scope scope = h.scope(country, city)
                .orElseGet(() -> h.createScope(actor, country, city, capitalized(city), ScopeKind.CITY));
        Category cat = h.category(category).orElseGet(() -> h.createCategory(actor, category, capitalized(category)));
        String tenantHandle = handle != null ? handle : "tenant-" + SEQUENCE.incrementAndGet();
        return cityOs.tenancy().tenants().create(actor,
                NewTenant.of(tenantHandle, name != null ? name : tenantHandle, scope.id(), cat.id(), currency)
                        .locale(locale, zone).settings(settings));
    }

    private static String capitalized(String handle) {
        return handle.isEmpty() ? handle : Character.toUpperCase(handle.charAt(0)) + handle.substring(1);
    }
}
