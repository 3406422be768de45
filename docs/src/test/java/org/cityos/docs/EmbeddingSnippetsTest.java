package org.cityos.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import javax.sql.DataSource;

import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.StoreId;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.tenancy.NewStore;
import org.cityos.core.tenancy.Store;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

/** docs/embedding.md: building the entry point on the host's pools, then a tenant context per request. */
class EmbeddingSnippetsTest {

    @BothDatabases
    void the_builder_and_a_tenant_context(TestDatabase db) {
        DataSource appDataSource = db.dataSource();
        DataSource ownerDataSource = db.ownerDataSource();

        CityOs cityOs = CityOs.builder()
                .dataSource(appDataSource)            // the pool the library runs on
                .migrationDataSource(ownerDataSource) // optional: migrations as the schema owner
                .clock(Clock.systemUTC())             // every timestamp comes from here
                .migrateOnStart(true)                 // default; false = verify and fail fast
                .tenantGuard(true)                    // default; see security.md
                .build();

        TenantId tenantId = DocsFixtures.tenant(cityOs, "riyadh-market").id();
        StoreId storeId = cityOs.tenancy().stores().create(TenantContext.of(tenantId, DocsFixtures.ADMIN),
                NewStore.of("dates", "Dates & Co")).id();
        String jwtSubject = "alice";
        String requestId = "req-embedding";

        TenantContext ctx = TenantContext.of(tenantId, Principal.user(jwtSubject, "vendor-admin"))
                .withRequestId(requestId);
        Store store = cityOs.tenancy().stores().require(ctx, storeId);

        assertThat(store.handle()).isEqualTo("dates");
    }
}
