package org.cityos.sync;

import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;

/** A city, a category and tenants in them, for the sync module's tests. */
final class SyncFixtures {
    static final Principal ADMIN = Principal.user("platform-admin", "admin");
    final CityOs cityOs;
    private final Scope city;
    private final Category category;

    SyncFixtures(CityOs cityOs) {
        this.cityOs = cityOs;
        cityOs.tenancy().hierarchy().createCountry(ADMIN, "SA", "Saudi Arabia");
        this.city = cityOs.tenancy().hierarchy().createScope(ADMIN, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        this.category = cityOs.tenancy().hierarchy().createCategory(ADMIN, "food", "Food");
    }

    TenantContext tenant(String handle) {
        var t = cityOs.tenancy().tenants().create(ADMIN, NewTenant.of(handle, handle, city.id(), category.id(), "SAR"));
        return TenantContext.of(t.id(), ADMIN);
    }

    void publish(TenantContext ctx, String type, String aggregateId, Object payload) {
        cityOs.db().tenant(ctx, tx -> cityOs.events().publish(tx, ctx, type, "order", aggregateId, payload));
    }
}
