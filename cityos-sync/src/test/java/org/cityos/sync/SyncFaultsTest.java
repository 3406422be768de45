package org.cityos.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.cityos.core.PageRequest;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.sync.connector.ErpNextConnector;
import org.cityos.sync.engine.Backfill;
import org.cityos.sync.engine.ChangePage;
import org.cityos.sync.engine.Connector;
import org.cityos.sync.engine.ConnectorCall;
import org.cityos.sync.engine.EntitySpec;
import org.cityos.sync.engine.Health;
import org.cityos.sync.engine.Integration;
import org.cityos.sync.engine.RemoteRecord;
import org.cityos.sync.engine.SyncFailure;
import org.cityos.sync.engine.SyncRole;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The faults of the issue: a side down for a while, a crash after a side's write, a malformed record; and backfills. */
class SyncFaultsTest {
    private static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private static String product(String id, String handle, String updated) {
        return "{\"id\":\"" + id + "\",\"handle\":\"" + handle + "\",\"title\":\"Title " + handle + "\","
                + "\"subtitle\":null,\"description\":null,\"status\":\"published\",\"metadata\":null,"
                + "\"updated_at\":\"" + updated + "\"}";
    }

    @BothDatabases
    void a_side_down_for_a_while_is_pulled_again_from_the_saved_cursor_once_it_is_back(TestDatabase db) {
        SyncWorld w = new SyncWorld(db, server, "2026-03-01T12:00:00Z", 2);
        Integration shop = w.integration("commerce", "medusa", "/medusa", "medusa-key", Map.of());
        w.bind(shop, "product", SyncRole.SOURCE);
        server.stubFor(get(urlPathEqualTo("/medusa/admin/products")).withQueryParam("updated_at[$gte]", absent())
                .willReturn(okJson("{\"products\":[" + product("prod_1", "a", "2026-03-01T10:00:00.000Z") + ","
                        + product("prod_2", "b", "2026-03-01T10:01:00.000Z") + "],\"count\":3}")));
        // the second page meets a Medusa that is down for maintenance
        server.stubFor(get(urlPathEqualTo("/medusa/admin/products")).withQueryParam("updated_at[$gte]",
                        equalTo("2026-03-01T10:01:00.000Z"))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")));
        w.engine.pullNow(w.ctx, shop.id(), "product");
        w.run();
        assertThat(w.engine.localIdOf(w.ctx, shop.id(), "product", "prod_2")).isPresent();
        assertThat(w.engine.localIdOf(w.ctx, shop.id(), "product", "prod_3")).isEmpty();
        assertThat(w.engine.cursor(w.ctx, shop.id(), "product")).hasValueSatisfying(c ->
                assertThat(c).contains("2026-03-01T10:01:00.000Z").contains("prod_2"));
        assertThat(w.engine.integration(w.ctx, shop.id()).orElseThrow()).satisfies(i -> {
            assertThat(i.health()).isEqualTo(Health.DEGRADED);
            assertThat(i.healthDetail()).hasValueSatisfying(d -> assertThat(d).contains("503"));
        });
        // still down 30 s later
        w.clock.advance(Duration.ofSeconds(31));
        w.run();
        assertThat(w.engine.integration(w.ctx, shop.id()).orElseThrow().consecutiveFailures()).isEqualTo(2);

        // back: the pull resumes from the cursor, not from the beginning
        server.stubFor(get(urlPathEqualTo("/medusa/admin/products")).withQueryParam("updated_at[$gte]",
                        equalTo("2026-03-01T10:01:00.000Z"))
                .willReturn(okJson("{\"products\":[" + product("prod_2", "b", "2026-03-01T10:01:00.000Z") + ","
                        + product("prod_3", "c", "2026-03-01T10:02:00.000Z") + "],\"count\":2}")));
        w.clock.advance(Duration.ofSeconds(31));
        w.run();
        assertThat(w.engine.localIdOf(w.ctx, shop.id(), "product", "prod_3")).isPresent();
        server.verify(1, getRequestedFor(urlPathEqualTo("/medusa/admin/products"))
                .withQueryParam("updated_at[$gte]", absent()));
        assertThat(w.engine.integration(w.ctx, shop.id()).orElseThrow()).satisfies(i -> {
            assertThat(i.health()).isEqualTo(Health.HEALTHY);
            assertThat(i.consecutiveFailures()).isZero();
        });
        assertThat(w.failures()).isEmpty();
    }

    /** The real ERPNext connector, but the first write "crashes" after ERPNext accepted it, before the mapping commits. */
    static final class CrashAfterWrite implements Connector {
        private final Connector real;
        final AtomicInteger crashes = new AtomicInteger();

        CrashAfterWrite(Connector real) {
            this.real = real;
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public java.util.List<EntitySpec> entities() {
            return real.entities();
        }

        @Override
        public ChangePage listChanges(ConnectorCall call, String type, Optional<String> cursor, int limit) {
            return real.listChanges(call, type, cursor, limit);
        }

        @Override
        public Optional<RemoteRecord> fetch(ConnectorCall call, String type, String remoteId) {
            return real.fetch(call, type, remoteId);
        }

        @Override
        public Optional<RemoteRecord> findExisting(ConnectorCall call, String type, String localId,
                                                   Map<String, Object> fields) {
            return real.findExisting(call, type, localId, fields);
        }

        @Override
        public Optional<RemoteRecord> upsert(ConnectorCall call, String type, Optional<String> remoteId, String localId,
                                             Map<String, Object> fields) {
            Optional<RemoteRecord> r = real.upsert(call, type, remoteId, localId, fields);
            if (crashes.getAndIncrement() == 0) {
                throw new IllegalStateException("the node died after ERPNext answered");
            }
            return r;
        }

        @Override
        public void delete(ConnectorCall call, String type, String remoteId) {
            real.delete(call, type, remoteId);
        }
    }

    @BothDatabases
    void a_crash_between_the_erp_write_and_the_mapping_commit_creates_no_second_invoice(TestDatabase db) {
        CrashAfterWrite crashing = new CrashAfterWrite(new ErpNextConnector(java.net.http.HttpClient.newHttpClient(),
                Duration.ofSeconds(2)));
        SyncWorld w = new SyncWorld(db, server, "2026-03-01T12:00:00Z", 100, crashing);
        Integration local = w.engine.local(w.ctx);
        Integration erp = w.integration("erp", "erpnext", "/erp", "erp-key", Map.of());
        w.bind(local, "order", SyncRole.SOURCE);
        w.bind(erp, "order", SyncRole.TARGET);
        // ERPNext as it behaves: after the POST, the lookup by po_no finds the invoice
        server.stubFor(get(urlPathEqualTo("/erp/api/resource/Sales%20Invoice")).inScenario("invoice")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(okJson("{\"data\":[]}")));
        server.stubFor(post(urlPathEqualTo("/erp/api/resource/Sales%20Invoice")).inScenario("invoice")
                .willSetStateTo("created").willReturn(okJson("{\"data\":{\"name\":\"ACC-SINV-2026-00007\","
                        + "\"po_no\":\"ord-9\",\"docstatus\":1,\"modified\":\"2026-03-01 12:00:00.000000\"}}")));
        server.stubFor(get(urlPathEqualTo("/erp/api/resource/Sales%20Invoice")).inScenario("invoice")
                .whenScenarioStateIs("created").willReturn(okJson("{\"data\":[{\"name\":\"ACC-SINV-2026-00007\","
                        + "\"modified\":\"2026-03-01 12:00:00.000000\",\"docstatus\":1}]}")));

        Vendor v = w.vendor("dates-co");
        w.product("ajwa-1kg", v);
        w.market.orders().place(w.ctx, NewOrder.of("ord-9", NewOrderLine.of("a", "ajwa-1kg", 2, 4500)));
        w.run();
        assertThat(crashes(crashing)).isEqualTo(1);
        assertThat(w.engine.record(w.ctx, "order", "ord-9").orElseThrow().mappings())
                .noneMatch(m -> m.integration().equals("erp"));
        // the job is retried with backoff, finds the invoice by its reference and maps it
        w.clock.advance(Duration.ofSeconds(5));
        w.run();
        server.verify(1, postRequestedFor(urlPathEqualTo("/erp/api/resource/Sales%20Invoice")));
        server.verify(2, getRequestedFor(urlPathEqualTo("/erp/api/resource/Sales%20Invoice")));
        assertThat(w.engine.record(w.ctx, "order", "ord-9").orElseThrow().mappings())
                .anySatisfy(m -> {
                    assertThat(m.integration()).isEqualTo("erp");
                    assertThat(m.remoteId()).isEqualTo("ACC-SINV-2026-00007");
                });
        assertThat(w.failures()).isEmpty();
    }

    private static int crashes(CrashAfterWrite c) {
        return c.crashes.get();
    }

    @BothDatabases
    void a_malformed_remote_record_is_recorded_and_skipped_and_the_sync_goes_on(TestDatabase db) {
        SyncWorld w = new SyncWorld(db, server, "2026-03-01T12:00:00Z", 100);
        Integration shop = w.integration("commerce", "medusa", "/medusa", "medusa-key", Map.of());
        w.bind(shop, "product", SyncRole.SOURCE);
        server.stubFor(get(urlPathEqualTo("/medusa/admin/products")).willReturn(okJson("{\"products\":["
                + product("prod_1", "a", "2026-03-01T10:00:00.000Z") + ","
                + "{\"id\":\"prod_2\",\"handle\":\"b\",\"title\":null,\"updated_at\":\"2026-03-01T10:00:01.000Z\"},"
                + product("prod_3", "c", "2026-03-01T10:00:02.000Z") + ","
                // the same product once more in one page (changed while the page was read): the later one counts
                + product("prod_1", "a", "2026-03-01T10:00:03.000Z").replace("Title a", "Title a2")
                + "],\"count\":4}")));
        w.engine.pullNow(w.ctx, shop.id(), "product");
        w.run();
        String a = w.engine.localIdOf(w.ctx, shop.id(), "product", "prod_1").orElseThrow();
        assertThat(w.engine.record(w.ctx, "product", a).orElseThrow().fields()).containsEntry("title", "Title a2");
        assertThat(w.engine.localIdOf(w.ctx, shop.id(), "product", "prod_1")).isPresent();
        assertThat(w.engine.localIdOf(w.ctx, shop.id(), "product", "prod_2")).isEmpty();
        assertThat(w.engine.localIdOf(w.ctx, shop.id(), "product", "prod_3")).isPresent();
        SyncFailure f = w.failures().get(0);
        assertThat(w.failures()).hasSize(1);
        assertThat(f.kind()).isEqualTo(SyncFailure.Kind.MALFORMED);
        assertThat(f.integration()).isEqualTo("commerce");
        assertThat(f.remoteId()).contains("prod_2");
        assertThat(f.message()).contains("title");
        assertThat(f.excerpt()).hasValueSatisfying(e -> assertThat(e).contains("\"prod_2\""));
        assertThat(f.open()).isTrue();
        assertThat(w.engine.cursor(w.ctx, shop.id(), "product")).hasValueSatisfying(c ->
                assertThat(c).contains("2026-03-01T10:00:03.000Z"));
        assertThat(w.engine.integration(w.ctx, shop.id()).orElseThrow().health()).isEqualTo(Health.HEALTHY);
        w.engine.resolveFailure(w.ctx, f.id());
        assertThat(w.failures()).singleElement().satisfies(x -> assertThat(x.open()).isFalse());
    }

    private static String doc(int n) {
        return "{\"id\":\"d" + n + "\",\"handle\":\"p" + n + "\",\"title\":\"P" + n + "\",\"subtitle\":null,"
                + "\"description\":null,\"status\":\"draft\",\"updatedAt\":\"2026-03-01T10:00:0" + n + ".000Z\"}";
    }

    private static String docs(String json, boolean more, int total) {
        return "{\"docs\":[" + json + "],\"totalDocs\":" + total + ",\"hasNextPage\":" + more + ",\"page\":1}";
    }

    @BothDatabases
    void a_backfill_reads_everything_a_page_per_job_with_progress_and_scheduled_pulls_follow(TestDatabase db) {
        SyncWorld w = new SyncWorld(db, server, "2026-03-01T12:00:00Z", 2);
        Integration cms = w.integration("cms", "payload", "/cms", "cms-key", Map.of());
        w.engine.bind(w.ctx, cms.id(), "product", SyncRole.SOURCE, Optional.of(Duration.ofMinutes(15)));
        String path = "/cms/api/product-content";
        String where = "where[updatedAt][greater_than_equal]";
        server.stubFor(get(urlPathEqualTo(path)).withQueryParam(where, absent())
                .willReturn(okJson(docs(doc(1) + "," + doc(2), true, 5))));
        server.stubFor(get(urlPathEqualTo(path)).withQueryParam(where, equalTo("2026-03-01T10:00:02.000Z"))
                .willReturn(okJson(docs(doc(2) + "," + doc(3) + "," + doc(4), true, 4))));
        server.stubFor(get(urlPathEqualTo(path)).withQueryParam(where, equalTo("2026-03-01T10:00:04.000Z"))
                .willReturn(okJson(docs(doc(4) + "," + doc(5), false, 2))));
        Backfill started = w.engine.backfill(w.ctx, cms.id(), "product");
        assertThat(started.status()).isEqualTo(Backfill.Status.RUNNING);
        w.run();
        Backfill done = w.engine.backfill(w.ctx, started.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(Backfill.Status.DONE);
        assertThat(done.pages()).isEqualTo(3);
        assertThat(done.processed()).isEqualTo(5);
        assertThat(done.changed()).isEqualTo(5);
        assertThat(done.total()).hasValue(5);
        assertThat(done.finishedAt()).isPresent();
        for (int n = 1; n <= 5; n++) {
            assertThat(w.engine.localIdOf(w.ctx, cms.id(), "product", "d" + n)).isPresent();
        }
        // the backfill left the incremental cursor alone; the schedule pulls every 15 minutes
        assertThat(w.engine.cursor(w.ctx, cms.id(), "product")).isEmpty();
        server.resetRequests();
        w.clock.advance(Duration.ofMinutes(15));
        w.run();
        server.verify(getRequestedFor(urlPathEqualTo(path)).withQueryParam(where, absent()));
        assertThat(w.engine.cursor(w.ctx, cms.id(), "product")).isPresent();
        assertThat(w.engine.conflicts(w.ctx, PageRequest.first(10)).items()).isEmpty();
    }

    /** Fails the {@code n}th execution of a statement starting with {@code sql}, as a node dying there would. */
    static final class CrashAt implements ExecuteListener {
        private static final long serialVersionUID = 1L;
        private final String sql;
        private final int n;
        final AtomicInteger seen = new AtomicInteger();

        CrashAt(String sql, int n) {
            this.sql = sql;
            this.n = n;
        }

        @Override
        public void executeStart(ExecuteContext ctx) {
            if (ctx.sql() != null && ctx.sql().startsWith(sql) && seen.incrementAndGet() == n) {
                throw new IllegalStateException("the node died while writing a page");
            }
        }
    }

    private static long count(TestDatabase db, String table) throws Exception {
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    @BothDatabases
    void a_crash_between_a_pages_batches_rolls_the_page_back_and_the_retry_writes_it_once(TestDatabase db)
            throws Exception {
        // the second page dies after its hub records went in and before its mappings did
        CrashAt crash = new CrashAt("insert into sync_mapping", 2);
        SyncWorld w = new SyncWorld(db, server, "2026-03-01T12:00:00Z", 2, crash);
        Integration cms = w.integration("cms", "payload", "/cms", "cms-key", Map.of());
        w.bind(cms, "product", SyncRole.SOURCE);
        String path = "/cms/api/product-content";
        String where = "where[updatedAt][greater_than_equal]";
        server.stubFor(get(urlPathEqualTo(path)).withQueryParam(where, absent())
                .willReturn(okJson(docs(doc(1) + "," + doc(2), true, 5))));
        server.stubFor(get(urlPathEqualTo(path)).withQueryParam(where, equalTo("2026-03-01T10:00:02.000Z"))
                .willReturn(okJson(docs(doc(2) + "," + doc(3) + "," + doc(4), true, 4))));
        server.stubFor(get(urlPathEqualTo(path)).withQueryParam(where, equalTo("2026-03-01T10:00:04.000Z"))
                .willReturn(okJson(docs(doc(4) + "," + doc(5), false, 2))));
        Backfill started = w.engine.backfill(w.ctx, cms.id(), "product");
        w.run();
        assertThat(crash.seen.get()).isEqualTo(2);
        // nothing of the second page is left: its records, mappings and cursor went with the transaction
        Backfill stopped = w.engine.backfill(w.ctx, started.id()).orElseThrow();
        assertThat(stopped.status()).isEqualTo(Backfill.Status.RUNNING);
        assertThat(stopped.pages()).isEqualTo(1);
        assertThat(stopped.processed()).isEqualTo(2);
        assertThat(count(db, "sync_record")).isEqualTo(2);
        assertThat(count(db, "sync_mapping")).isEqualTo(2);
        assertThat(w.engine.localIdOf(w.ctx, cms.id(), "product", "d3")).isEmpty();

        // the job is retried from the committed cursor: the page once, nothing twice
        w.clock.advance(Duration.ofMinutes(10));
        w.run();
        Backfill done = w.engine.backfill(w.ctx, started.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(Backfill.Status.DONE);
        assertThat(done.pages()).isEqualTo(3);
        assertThat(done.processed()).isEqualTo(5);
        assertThat(done.changed()).isEqualTo(5);
        assertThat(count(db, "sync_record")).isEqualTo(5);
        assertThat(count(db, "sync_mapping")).isEqualTo(5);
        java.util.Set<String> locals = new java.util.HashSet<>();
        for (int n = 1; n <= 5; n++) {
            locals.add(w.engine.localIdOf(w.ctx, cms.id(), "product", "d" + n).orElseThrow());
        }
        assertThat(locals).hasSize(5);
        server.verify(2, getRequestedFor(urlPathEqualTo(path)).withQueryParam(where,
                equalTo("2026-03-01T10:00:02.000Z")));
        assertThat(w.failures()).isEmpty();
    }
}
