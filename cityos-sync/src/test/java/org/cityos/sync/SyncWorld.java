package org.cityos.sync;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.cityos.core.CityOs;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.vendor.NewVendor;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.sync.engine.Connector;
import org.cityos.sync.engine.Credentials;
import org.cityos.sync.engine.Integration;
import org.cityos.sync.engine.NewIntegration;
import org.cityos.sync.engine.SyncEngine;
import org.cityos.sync.engine.SyncFailure;
import org.cityos.sync.engine.SyncRole;
import org.cityos.sync.local.MarketplaceSide;
import org.cityos.testkit.DatabaseKind;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;

/**
 * A tenant with the marketplace and the sync module on a test database, integrations pointing at
 * a WireMock server on loopback, and a credentials resolver over an in-memory map (as a host's
 * vault would be).
 */
final class SyncWorld {
    static final Map<String, Map<String, String>> SECRETS = Map.of(
            "cms-key", Map.of("api_key", "payload-key-1"),
            "medusa-key", Map.of("api_token", "sk_test_medusa"),
            "fleet-key", Map.of("api_key", "flb_test_key"),
            "erp-key", Map.of("api_key", "erp-k", "api_secret", "erp-s"));

    final TestClock clock;
    final CityOs cityOs;
    final Marketplace market;
    final Sync sync;
    final SyncEngine engine;
    final TenantContext ctx;
    private final WireMockServer server;

    SyncWorld(TestDatabase db, WireMockServer server, String start, int pageSize, Connector... extra) {
        this(db, server, start, pageSize, null, extra);
    }

    /** The same, with {@code listener} (when not null) seeing every statement the library runs. */
    SyncWorld(TestDatabase db, WireMockServer server, String start, int pageSize, ExecuteListener listener,
              Connector... extra) {
        this.server = server;
        this.clock = TestClock.at(start);
        this.cityOs = listener == null ? db.cityOs(clock) : CityOs.builder()
                .dsl(DSL.using(new DefaultConfiguration().set(db.dataSource())
                        .set(db.kind() == DatabaseKind.POSTGRES ? SQLDialect.POSTGRES : SQLDialect.H2)
                        .set(new DefaultExecuteListenerProvider(listener))))
                .migrationDataSource(db.ownerDataSource()).clock(clock).build();
        this.market = Marketplace.create(cityOs);
        Sync.Builder b = Sync.builder(cityOs).config(SyncConfig.builder().allowPrivateNetworks(true)
                        // generous: no stub here is slow on purpose, and a loaded 2-core CI machine is
                        .requestTimeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(5)).pageSize(pageSize)
                        .syncAttempts(6, 6).build())
                .credentials((tenant, ref) -> Credentials.of(SECRETS.getOrDefault(ref, Map.of())))
                .localSide(new MarketplaceSide(cityOs, market));
        for (Connector c : extra) {
            b.connector(c);
        }
        this.sync = b.build();
        this.engine = sync.engine();
        this.ctx = new SyncFixtures(cityOs).tenant("riyadh-market");
    }

    String url(String prefix) {
        return "http://127.0.0.1:" + server.port() + prefix;
    }

    Integration integration(String name, String connector, String prefix, String credentials,
                            Map<String, String> settings) {
        NewIntegration n = NewIntegration.of(name, connector, url(prefix)).withCredentials(credentials);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            n = n.withSetting(e.getKey(), e.getValue());
        }
        return engine.createIntegration(ctx, n);
    }

    void bind(Integration in, String type, SyncRole role) {
        engine.bind(ctx, in.id(), type, role, Optional.empty());
    }

    int run() {
        return JobsTestSupport.runUntilIdle(cityOs);
    }

    Vendor vendor(String handle) {
        Vendor v = market.vendors().apply(ctx, NewVendor.of(handle, "Vendor " + handle));
        return market.vendors().approve(ctx, v.id());
    }

    void product(String productId, Vendor v) {
        market.products().link(ctx, productId, VendorRef.of(v.id()), Optional.empty());
    }

    List<SyncFailure> failures() {
        return engine.failures(ctx, PageRequest.first(100)).items();
    }

    static Map<String, String> settings(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
