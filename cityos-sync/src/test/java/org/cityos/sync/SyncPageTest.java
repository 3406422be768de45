package org.cityos.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.cityos.sync.engine.Integration;
import org.cityos.sync.engine.SyncRole;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One pulled page whose records the hub knows in each way a page is looked up: by the
 * integration's mapping, by the local id stamped on the record, by natural key, and not at all;
 * and the same record twice in one page.
 */
class SyncPageTest {
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

    private static String product(String id, String handle, String title, String stamped, String updated) {
        return "{\"id\":\"" + id + "\",\"handle\":\"" + handle + "\",\"title\":\"" + title + "\",\"subtitle\":null,"
                + "\"description\":null,\"status\":\"published\",\"metadata\":"
                + (stamped == null ? "null" : "{\"cityos_id\":\"" + stamped + "\"}")
                + ",\"updated_at\":\"" + updated + "\"}";
    }

    private static void lists(String prefix, String... products) {
        server.stubFor(get(urlPathEqualTo(prefix + "/admin/products")).willReturn(okJson("{\"products\":["
                + String.join(",", products) + "],\"count\":" + products.length + ",\"offset\":0,\"limit\":100}")));
    }

    private static long count(TestDatabase db, String table) throws Exception {
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    @BothDatabases
    void a_page_links_its_records_by_mapping_stamped_id_and_natural_key_and_creates_the_rest(TestDatabase db)
            throws Exception {
        SyncWorld w = new SyncWorld(db, server, "2026-03-01T12:00:00Z", 100);
        Integration a = w.integration("shop-a", "medusa", "/a", "medusa-key", Map.of());
        Integration b = w.integration("shop-b", "medusa", "/b", "medusa-key", Map.of());
        w.bind(a, "product", SyncRole.SOURCE);
        w.bind(b, "product", SyncRole.SOURCE);
        lists("/a", product("a1", "ajwa", "Ajwa", null, "2026-03-01T10:00:00.000Z"),
                product("a2", "sukkari", "Sukkari", null, "2026-03-01T10:00:01.000Z"));
        w.engine.pullNow(w.ctx, a.id(), "product");
        w.run();
        String ajwa = w.engine.localIdOf(w.ctx, a.id(), "product", "a1").orElseThrow();
        String sukkari = w.engine.localIdOf(w.ctx, a.id(), "product", "a2").orElseThrow();

        // shop B's one page: ajwa by handle, sukkari by the id stamped on it (under a new handle),
        // a product nobody has, and that one again, changed while the page was read
        lists("/b", product("b1", "ajwa", "Ajwa", null, "2026-03-01T11:00:00.000Z"),
                product("b2", "sukkari-1kg", "Sukkari 1 kg", sukkari, "2026-03-01T11:00:01.000Z"),
                product("b3", "khalas", "Khalas", null, "2026-03-01T11:00:02.000Z"),
                product("b3", "khalas", "Khalas dates", null, "2026-03-01T11:00:03.000Z"));
        w.engine.pullNow(w.ctx, b.id(), "product");
        w.run();
        assertThat(w.engine.localIdOf(w.ctx, b.id(), "product", "b1")).hasValue(ajwa);
        assertThat(w.engine.localIdOf(w.ctx, b.id(), "product", "b2")).hasValue(sukkari);
        String khalas = w.engine.localIdOf(w.ctx, b.id(), "product", "b3").orElseThrow();
        assertThat(count(db, "sync_record")).isEqualTo(3);
        assertThat(count(db, "sync_mapping")).isEqualTo(5);
        assertThat(w.engine.record(w.ctx, "product", ajwa).orElseThrow().mappings()).extracting(m -> m.integration())
                .containsExactlyInAnyOrder("shop-a", "shop-b");
        assertThat(w.engine.record(w.ctx, "product", sukkari).orElseThrow().fields())
                .containsEntry("handle", "sukkari-1kg").containsEntry("title", "Sukkari 1 kg");
        assertThat(w.engine.record(w.ctx, "product", khalas).orElseThrow()).satisfies(r -> {
            assertThat(r.fields()).containsEntry("title", "Khalas dates");
            assertThat(r.version()).isEqualTo(2);
        });

        // the same records read again are echoes: nothing changes
        lists("/b", product("b1", "ajwa", "Ajwa", null, "2026-03-01T11:00:00.000Z"),
                product("b2", "sukkari-1kg", "Sukkari 1 kg", sukkari, "2026-03-01T11:00:01.000Z"),
                product("b3", "khalas", "Khalas dates", null, "2026-03-01T11:00:03.000Z"));
        w.engine.backfill(w.ctx, b.id(), "product");
        w.run();
        assertThat(w.engine.record(w.ctx, "product", khalas).orElseThrow().version()).isEqualTo(2);
        assertThat(w.engine.record(w.ctx, "product", ajwa).orElseThrow().version()).isEqualTo(1);
        assertThat(count(db, "sync_record")).isEqualTo(3);
        assertThat(w.failures()).isEmpty();
    }
}
