package org.cityos.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.cityos.core.CityOs;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.job.JobWorkers;
import org.cityos.core.job.ScheduleState;
import org.cityos.marketplace.Marketplace;
import org.cityos.sync.Sync;
import org.cityos.sync.engine.Binding;
import org.cityos.sync.engine.ConflictPolicy;
import org.cityos.sync.engine.Credentials;
import org.cityos.sync.engine.Integration;
import org.cityos.sync.engine.NewIntegration;
import org.cityos.sync.engine.SyncEngine;
import org.cityos.sync.engine.SyncRole;
import org.cityos.sync.local.MarketplaceSide;
import org.cityos.sync.webhook.InboundSource;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/**
 * docs/sync.md: the sync set up with a CMS, a shop, an ERP, the library's own side and Fleetbase's
 * webhooks, run on both databases; nothing is pulled (the first pulls are 15 minutes away on the
 * test clock), so no remote side is called.
 */
class SyncSnippetsTest {
    private final TestClock clock = TestClock.at("2026-01-05T09:00:00Z");

    @BothDatabases
    void integrations_bindings_and_policies(TestDatabase db) {
        DocsFixtures.assumeExampleHostsResolve();
        CityOs cityOs = db.cityOs(clock);
        TenantContext ctx = TenantContext.of(DocsFixtures.tenant(cityOs, "riyadh-market").id(), DocsFixtures.ADMIN);
        Vault vault = (tenant, ref) -> Map.of("api_key", "secret-of-" + ref);
        String fleetbaseApiSecret = "fleetbase-secret";

        Marketplace market = Marketplace.create(cityOs);
        Sync sync = Sync.builder(cityOs)
                .credentials((tenant, ref) -> Credentials.of(vault.read(tenant, ref)))   // the host's secrets
                .localSide(new MarketplaceSide(cityOs, market))                           // the library's own data
                .build();
        SyncEngine engine = sync.engine();

        Integration cms = engine.createIntegration(ctx, NewIntegration.of("cms", "payload", "https://cms.example.com")
                .withCredentials("payload/riyadh"));                     // a reference, never the secret
        Integration shop = engine.createIntegration(ctx, NewIntegration.of("commerce", "medusa", "https://shop.example.com")
                .withCredentials("medusa/riyadh"));
        engine.bind(ctx, cms.id(), "product", SyncRole.BOTH, Optional.of(Duration.ofMinutes(15)));   // pulled every 15 min
        engine.bind(ctx, shop.id(), "product", SyncRole.BOTH, Optional.of(Duration.ofMinutes(15)));
        engine.setPolicy(ctx, "product", ConflictPolicy.sourceOfTruth("cms").withOwner("status", "commerce"));

        Integration erp = engine.createIntegration(ctx, NewIntegration.of("erp", "erpnext", "https://erp.example.com")
                .withCredentials("erpnext/riyadh").withSetting("company", "CityOS KSA"));
        Integration local = engine.local(ctx);                           // the library's side, connector "cityos"
        engine.bind(ctx, local.id(), "order", SyncRole.SOURCE, Optional.empty());
        engine.bind(ctx, erp.id(), "order", SyncRole.TARGET, Optional.empty());

        Integration logistics = engine.createIntegration(ctx, NewIntegration.of("logistics", "fleetbase",
                "https://fleet.example.com").withCredentials("fleetbase/riyadh"));
        engine.bind(ctx, local.id(), "shipment", SyncRole.BOTH, Optional.empty());   // fulfillments out, tracking in
        engine.bind(ctx, logistics.id(), "shipment", SyncRole.BOTH, Optional.empty());
        // the host's HTTP layer hands Fleetbase's webhooks to the intake, and on to "logistics"
        sync.inbound().register(InboundSource.fleetbase("fleetbase", fleetbaseApiSecret)
                .on("*", engine.webhookHandler("logistics")));

        JobWorkers workers = JobWorkers.builder(cityOs).threads(4).build().start();

        workers.close();
        assertThat(engine.bindings(ctx)).extracting(Binding::integrationName, Binding::entityType, Binding::role)
                .containsExactlyInAnyOrder(
                        tuple("cms", "product", SyncRole.BOTH),
                        tuple("commerce", "product", SyncRole.BOTH),
                        tuple(local.name(), "order", SyncRole.SOURCE),
                        tuple("erp", "order", SyncRole.TARGET),
                        tuple(local.name(), "shipment", SyncRole.BOTH),
                        tuple("logistics", "shipment", SyncRole.BOTH));
        assertThat(engine.policy(ctx, "product").ownerOf("status")).contains("commerce");
        assertThat(cityOs.jobs().schedules()).extracting(ScheduleState::nextRunAt)
                .containsOnly(clock.instant().plus(Duration.ofMinutes(15)));
    }

    /** The host's secret store, as the page assumes one. */
    @FunctionalInterface
    interface Vault {
        Map<String, String> read(TenantId tenant, String reference);
    }
}
