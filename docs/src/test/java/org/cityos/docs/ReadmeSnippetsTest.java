package org.cityos.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import javax.sql.DataSource;

import org.cityos.core.CityOs;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewStore;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Store;
import org.cityos.core.tenancy.Tenancy;
import org.cityos.core.tenancy.Tenant;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

/** The root README.md's "Embedding" snippet, run as written on both databases. */
class ReadmeSnippetsTest {

    @BothDatabases
    void embedding_builds_the_entry_point_a_tenant_and_a_store(TestDatabase db) {
        DataSource hikariDataSource = db.dataSource();
        DataSource ownerDataSource = db.ownerDataSource();
        String requestId = "req-readme";

        CityOs cityOs = CityOs.builder()
                .dataSource(hikariDataSource)          // or .dsl(yourDslContext) to join your own transactions
                .migrationDataSource(ownerDataSource)  // optional: migrate as the schema owner
                .clock(Clock.systemUTC())
                .migrateOnStart(true)                  // default; false verifies instead and fails at build()
                .build();

        Principal admin = Principal.user("alice", "admin");
        Tenancy tenancy = cityOs.tenancy();
        tenancy.hierarchy().createCountry(admin, "SA", "Saudi Arabia");
        Scope riyadh = tenancy.hierarchy().createScope(admin, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        Category food = tenancy.hierarchy().createCategory(admin, "food", "Food");
        Tenant tenant = tenancy.tenants().create(admin, NewTenant.of("riyadh-eats", "Riyadh Eats", riyadh.id(), food.id(), "SAR"));

        TenantContext ctx = TenantContext.of(tenant.id(), admin).withRequestId(requestId);
        Store store = tenancy.stores().create(ctx, NewStore.of("burgers", "Burgers", "burgers.example.com"));

        assertThat(tenancy.stores().list(ctx, PageRequest.first(10)).items()).extracting(Store::id)
                .containsExactly(store.id());
        assertThat(store.domains()).containsExactly("burgers.example.com");
    }
}
