package org.cityos.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

class StoresTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    private final Principal admin = Principal.user("platform-admin", "admin");

    @BothDatabases
    void a_tenant_creates_and_lists_its_stores(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        Tenancy t = cityOs.tenancy();
        t.hierarchy().createCountry(admin, "SA", "Saudi Arabia");
        Scope riyadh = t.hierarchy().createScope(admin, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        Category food = t.hierarchy().createCategory(admin, "food", "Food");
        Tenant tenant = t.tenants().create(admin, NewTenant.of("riyadh-eats", "Riyadh Eats", riyadh.id(), food.id(), "SAR"));
        TenantContext ctx = TenantContext.of(tenant.id(), admin);

        Store a = t.stores().create(ctx, NewStore.of("burgers", "Burgers", "Burgers.Example.COM."));
        Store b = t.stores().create(ctx, NewStore.of("shawarma", "Shawarma"));

        assertThat(a.domains()).containsExactly("burgers.example.com");
        assertThat(t.stores().list(ctx, PageRequest.first(10)).items()).extracting(Store::handle)
                .containsExactly("burgers", "shawarma");
        assertThat(t.stores().require(ctx, b.id()).name()).isEqualTo("Shawarma");
        assertThatThrownBy(() -> t.stores().create(ctx, NewStore.of("burgers", "Again")))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("burgers");
    }
}
