package org.cityos.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.cityos.core.CityOs;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Tenant;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.Nested;

/**
 * docs/testing.md: the page's example test class, nested here as written so that it runs (on H2
 * and PostgreSQL) under the name the page gives it.
 */
class TestingPageExampleTest {

    @Nested
    class MyHostTest {
        private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

        @BothDatabases
        void a_new_tenant_has_no_stores(TestDatabase db) {
            CityOs cityOs = db.cityOs(clock);
            Principal admin = Principal.user("admin");
            cityOs.tenancy().hierarchy().createCountry(admin, "SA", "Saudi Arabia");
            Scope city = cityOs.tenancy().hierarchy().createScope(admin, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
            Category food = cityOs.tenancy().hierarchy().createCategory(admin, "food", "Food");
            Tenant t = cityOs.tenancy().tenants().create(admin, NewTenant.of("t1", "T1", city.id(), food.id(), "SAR"));

            assertThat(cityOs.tenancy().stores().list(TenantContext.of(t.id(), admin), PageRequest.first(10)).items())
                    .isEmpty();
            clock.advance(Duration.ofDays(14)); // time only moves when the test says so
        }
    }
}
