package org.cityos.core;

import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Tenancy;
import org.cityos.core.tenancy.Tenant;

/** Shared set-up for core tests: a country, a city, a category and tenants in them. */
public final class Fixtures {
    public static final Principal ADMIN = Principal.user("platform-admin", "admin");

    public final CityOs cityOs;
    public final Scope city;
    public final Category category;

    public Fixtures(CityOs cityOs) {
        this.cityOs = cityOs;
        Tenancy t = cityOs.tenancy();
        t.hierarchy().createCountry(ADMIN, "SA", "Saudi Arabia");
        this.city = t.hierarchy().createScope(ADMIN, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        this.category = t.hierarchy().createCategory(ADMIN, "food", "Food");
    }

    public Tenant tenant(String handle) {
        return cityOs.tenancy().tenants().create(ADMIN, NewTenant.of(handle, handle, city.id(), category.id(), "SAR"));
    }

    public TenantContext ctx(Tenant t) {
        return TenantContext.of(t.id(), ADMIN);
    }
}
