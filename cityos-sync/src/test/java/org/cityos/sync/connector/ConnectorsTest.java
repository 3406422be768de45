package org.cityos.sync.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.sync.engine.Change;
import org.cityos.sync.engine.ChangePage;
import org.cityos.sync.engine.Connector;
import org.cityos.sync.engine.ConnectorCall;
import org.cityos.sync.engine.ConnectorException;
import org.cityos.sync.engine.Credentials;
import org.cityos.sync.engine.Health;
import org.cityos.sync.engine.Integration;
import org.cityos.sync.engine.IntegrationId;
import org.cityos.sync.engine.RemoteRecord;
import org.cityos.sync.engine.WebhookChange;
import org.cityos.testkit.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each HTTP connector against a WireMock server answering with its API's documented shapes:
 * auth headers, paging from a cursor, lookups before a create, writes, webhooks, and the error
 * classes (429 with Retry-After, 5xx, timeouts, refusals, bodies that are not JSON).
 */
class ConnectorsTest {
    private static WireMockServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final TestClock clock = TestClock.at("2026-03-01T00:00:00Z");
    private final TenantContext ctx = TenantContext.of(new TenantId(UUID.randomUUID()), Principal.user("t", "admin"));

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

    private ConnectorCall call(String connector, Map<String, String> settings, Map<String, String> secrets) {
        Integration in = new Integration(new IntegrationId(UUID.randomUUID()), ctx.tenant(), connector, connector,
                Optional.of("http://127.0.0.1:" + server.port() + "/"), Optional.of("ref"), settings, true,
                Health.UNKNOWN, Optional.empty(), 0, Optional.empty(), Optional.empty());
        return ConnectorCall.of(ctx, in, Credentials.of(secrets), clock);
    }

    private static String product(String id, String handle, String title, String updated) {
        return "{\"id\":\"" + id + "\",\"handle\":\"" + handle + "\",\"title\":\"" + title + "\",\"subtitle\":null,"
                + "\"description\":\"d\",\"status\":\"published\",\"metadata\":null,\"updated_at\":\"" + updated + "\"}";
    }

    // ---- Medusa

    private final Connector medusa = new MedusaConnector(HTTP, Duration.ofMillis(400));
    private final Map<String, String> medusaKey = Map.of("api_token", "sk_test_123");

    @Test
    void medusa_lists_products_a_page_at_a_time_from_its_cursor_with_the_secret_key_as_basic_auth() {
        server.stubFor(get(urlPathEqualTo("/admin/products")).withQueryParam("updated_at[$gte]", absent())
                .willReturn(okJson("{\"products\":[" + product("prod_1", "a", "A", "2026-03-01T10:00:00.000Z") + ","
                        + product("prod_2", "b", "B", "2026-03-01T10:00:05.000Z")
                        + "],\"count\":3,\"offset\":0,\"limit\":2}")));
        server.stubFor(get(urlPathEqualTo("/admin/products")).withQueryParam("updated_at[$gte]",
                        equalTo("2026-03-01T10:00:05.000Z"))
                .willReturn(okJson("{\"products\":[" + product("prod_2", "b", "B", "2026-03-01T10:00:05.000Z") + ","
                        + product("prod_3", "c", "C", "2026-03-01T10:00:09.000Z")
                        + "],\"count\":2,\"offset\":0,\"limit\":3}")));
        ConnectorCall call = call("medusa", Map.of(), medusaKey);

        ChangePage p1 = medusa.listChanges(call, "product", Optional.empty(), 2);
        assertThat(p1.changes()).extracting(Change::remoteId).containsExactly("prod_1", "prod_2");
        assertThat(p1.more()).isTrue();
        assertThat(p1.total()).hasValue(3);
        ChangePage p2 = medusa.listChanges(call, "product", p1.cursor(), 2);
        assertThat(p2.changes()).extracting(Change::remoteId).containsExactly("prod_3"); // prod_2 was read already
        assertThat(p2.more()).isFalse();
        RemoteRecord r = p2.changes().get(0).record().orElseThrow();
        assertThat(r.fields()).containsEntry("handle", "c").containsEntry("title", "C").containsEntry("status", "published");

        String basic = "Basic " + Base64.getEncoder().encodeToString("sk_test_123:".getBytes(StandardCharsets.UTF_8));
        server.verify(2, getRequestedFor(urlPathEqualTo("/admin/products")).withHeader("Authorization", equalTo(basic))
                .withQueryParam("order", equalTo("updated_at")).withQueryParam("offset", equalTo("0")));
        server.verify(getRequestedFor(urlPathEqualTo("/admin/products")).withQueryParam("limit", equalTo("3")));
    }

    @Test
    void medusa_turns_a_record_it_cannot_read_into_a_malformed_change_and_reads_the_rest() {
        server.stubFor(get(urlPathEqualTo("/admin/products")).willReturn(okJson("{\"products\":["
                + "{\"id\":\"prod_bad\",\"handle\":\"x\",\"title\":{\"en\":\"no\"},\"updated_at\":\"2026-03-01T10:00:00Z\"},"
                + "{\"id\":\"prod_late\",\"title\":\"T\",\"updated_at\":\"yesterday\"},"
                + product("prod_ok", "ok", "OK", "2026-03-01T10:00:02Z") + "],\"count\":3}")));
        ChangePage p = medusa.listChanges(call("medusa", Map.of(), medusaKey), "product", Optional.empty(), 10);
        assertThat(p.changes()).extracting(Change::kind).containsExactly(Change.Kind.MALFORMED, Change.Kind.MALFORMED,
                Change.Kind.UPSERT);
        assertThat(p.changes().get(0).problem()).hasValueSatisfying(s -> assertThat(s).contains("title"));
        assertThat(p.changes().get(1).problem()).hasValueSatisfying(s -> assertThat(s).contains("updated_at"));
        assertThat(p.changes().get(0).excerpt()).hasValueSatisfying(s -> assertThat(s).contains("prod_bad"));
    }

    @Test
    void failures_are_classified_retryable_rate_limited_unauthorized_or_rejected() {
        ConnectorCall call = call("medusa", Map.of(), medusaKey);
        server.stubFor(get(urlPathEqualTo("/admin/regions")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "7")));
        assertThatThrownBy(() -> medusa.listChanges(call, "region", Optional.empty(), 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                    assertThat(e.retryable()).isTrue();
                });
        server.stubFor(get(urlPathEqualTo("/admin/regions")).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "Sun, 01 Mar 2026 00:01:00 GMT")));
        assertThatThrownBy(() -> medusa.listChanges(call, "region", Optional.empty(), 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RETRYABLE);
                    assertThat(e.retryAfter()).contains(Duration.ofMinutes(1));
                });
        server.stubFor(get(urlPathEqualTo("/admin/regions")).willReturn(aResponse().withStatus(502)));
        assertThatThrownBy(() -> medusa.listChanges(call, "region", Optional.empty(), 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.retryable()).isTrue());
        server.stubFor(get(urlPathEqualTo("/admin/regions")).willReturn(aResponse().withStatus(200)
                .withBody("<html>gateway</html>")));
        assertThatThrownBy(() -> medusa.listChanges(call, "region", Optional.empty(), 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RETRYABLE);
                    assertThat(e.getMessage()).contains("not JSON");
                });
        server.stubFor(get(urlPathEqualTo("/admin/regions")).willReturn(okJson("{\"regions\":[],\"count\":0}")
                .withFixedDelay(1500)));
        assertThatThrownBy(() -> medusa.listChanges(call, "region", Optional.empty(), 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RETRYABLE);
                    assertThat(e.getMessage()).contains("timed out");
                });
        server.stubFor(get(urlPathEqualTo("/admin/regions")).willReturn(aResponse().withStatus(401)
                .withBody("{\"message\":\"Unauthorized\"}")));
        assertThatThrownBy(() -> medusa.listChanges(call, "region", Optional.empty(), 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNAUTHORIZED);
                    assertThat(e.getMessage()).doesNotContain("sk_test_123");
                });
        server.stubFor(post(urlPathEqualTo("/admin/regions")).willReturn(aResponse().withStatus(400)
                .withBody("{\"type\":\"invalid_data\",\"message\":\"currency_code is required\"}")));
        assertThatThrownBy(() -> medusa.upsert(call, "region", Optional.empty(), "l1", Map.of("name", "GCC")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REJECTED);
                    assertThat(e.getMessage()).contains("currency_code is required");
                });
        assertThatThrownBy(() -> medusa.listChanges(call("medusa", Map.of(), Map.of()), "region", Optional.empty(), 1))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains("api_token");
                });
    }

    @Test
    void medusa_creates_with_the_local_id_in_metadata_and_looks_products_up_by_handle_first() {
        ConnectorCall call = call("medusa", Map.of(), medusaKey);
        server.stubFor(get(urlPathEqualTo("/admin/products")).withQueryParam("handle", equalTo("ajwa"))
                .willReturn(okJson("{\"products\":[],\"count\":0}")));
        server.stubFor(post(urlPathEqualTo("/admin/products")).willReturn(okJson("{\"product\":"
                + product("prod_9", "ajwa", "Ajwa", "2026-03-01T11:00:00.000Z").replace("\"metadata\":null",
                "\"metadata\":{\"cityos_id\":\"L-1\"}") + "}")));
        Map<String, Object> fields = new java.util.HashMap<>(Map.of("handle", "ajwa", "title", "Ajwa",
                "status", "published"));
        fields.put("subtitle", null);
        assertThat(medusa.findExisting(call, "product", "L-1", fields)).isEmpty();
        RemoteRecord r = medusa.upsert(call, "product", Optional.empty(), "L-1", fields).orElseThrow();
        assertThat(r.remoteId()).isEqualTo("prod_9");
        assertThat(r.externalId()).contains("L-1");
        server.verify(postRequestedFor(urlPathEqualTo("/admin/products"))
                .withRequestBody(matchingJsonPath("$.metadata.cityos_id", equalTo("L-1")))
                .withRequestBody(matchingJsonPath("$.title", equalTo("Ajwa")))
                .withRequestBody(matchingJsonPath("$.subtitle", absent())));
    }

    @Test
    void medusa_orders_come_in_minor_units_with_their_lines() {
        server.stubFor(get(urlPathEqualTo("/admin/orders/order_1")).willReturn(okJson("{\"order\":{\"id\":\"order_1\","
                + "\"display_id\":42,\"currency_code\":\"sar\",\"subtotal\":150.5,\"discount_total\":0,"
                + "\"shipping_total\":15,\"total\":165.5,\"created_at\":\"2026-03-01T09:00:00.000Z\","
                + "\"updated_at\":\"2026-03-01T09:00:01.000Z\",\"items\":[{\"id\":\"item_1\",\"product_id\":\"prod_1\","
                + "\"quantity\":2,\"unit_price\":75.25}]}}")));
        RemoteRecord r = medusa.fetch(call("medusa", Map.of(), medusaKey), "order", "order_1").orElseThrow();
        assertThat(r.fields()).containsEntry("number", "42").containsEntry("currency", "SAR")
                .containsEntry("total", 16550L).containsEntry("shipping", 1500L);
        assertThat(r.fields().get("lines")).isEqualTo(List.of(Map.of("line_id", "item_1", "product_id", "prod_1",
                "quantity", 2L, "unit_price", 7525L)));
        assertThat(medusa.parseWebhook(call("medusa", Map.of(), medusaKey), "product.deleted",
                "{\"type\":\"product.deleted\",\"data\":{\"id\":\"prod_1\"}}".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(new WebhookChange("product", Change.deleted("prod_1")));
    }

    // ---- Payload

    private final Connector payload = new PayloadConnector(HTTP, Duration.ofSeconds(2));

    @Test
    void payload_queries_collections_with_where_sort_and_pages_and_sends_the_api_key_header() {
        server.stubFor(get(urlPathEqualTo("/api/product-content")).withQueryParam("where[updatedAt][greater_than_equal]",
                        equalTo("2026-03-01T10:00:00.000Z"))
                .willReturn(okJson("{\"docs\":[{\"id\":7,\"handle\":\"ajwa\",\"title\":\"Ajwa\",\"subtitle\":null,"
                        + "\"description\":\"Soft\",\"status\":\"draft\",\"updatedAt\":\"2026-03-01T10:00:00.000Z\","
                        + "\"createdAt\":\"2026-03-01T09:00:00.000Z\"}],\"totalDocs\":1,\"limit\":11,\"totalPages\":1,"
                        + "\"page\":1,\"pagingCounter\":1,\"hasPrevPage\":false,\"hasNextPage\":false,"
                        + "\"prevPage\":null,\"nextPage\":null}")));
        ConnectorCall call = call("payload", Map.of("api_key_collection", "integrations"), Map.of("api_key", "pk-1"));
        String cursor = "{\"t\":\"2026-03-01T10:00:00.000Z\",\"ids\":[]}";
        ChangePage p = payload.listChanges(call, "product", Optional.of(cursor), 10);
        assertThat(p.changes()).singleElement().satisfies(c -> {
            assertThat(c.remoteId()).isEqualTo("7");
            assertThat(c.record().orElseThrow().fields()).containsEntry("title", "Ajwa").containsEntry("status", "draft");
        });
        assertThat(p.more()).isFalse();
        server.verify(getRequestedFor(urlPathEqualTo("/api/product-content"))
                .withHeader("Authorization", equalTo("integrations API-Key pk-1"))
                .withQueryParam("sort", equalTo("updatedAt")).withQueryParam("page", equalTo("1"))
                .withQueryParam("depth", equalTo("0")));
        // the same page again from the new cursor: the document was read already
        assertThat(payload.listChanges(call, "product", p.cursor(), 10).changes()).isEmpty();
    }

    @Test
    void payload_updates_with_patch_and_reads_documents_sent_by_a_collection_hook() {
        ConnectorCall call = call("payload", Map.of(), Map.of("api_key", "pk-1"));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathEqualTo("/api/stores/12"))
                .willReturn(okJson("{\"message\":\"Updated successfully.\",\"doc\":{\"id\":12,\"handle\":\"main\","
                        + "\"name\":\"Main Store\",\"status\":\"active\",\"updatedAt\":\"2026-03-01T12:00:00.000Z\"}}")));
        RemoteRecord r = payload.upsert(call, "store", Optional.of("12"), "S-1", Map.of("handle", "main",
                "name", "Main Store", "status", "active")).orElseThrow();
        assertThat(r.fields()).containsEntry("name", "Main Store");
        server.verify(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(urlPathEqualTo("/api/stores/12"))
                .withHeader("Authorization", equalTo("users API-Key pk-1"))
                .withRequestBody(equalToJson("{\"handle\":\"main\",\"name\":\"Main Store\",\"status\":\"active\"}")));
        List<WebhookChange> changes = payload.parseWebhook(call, "pages.changed", ("{\"type\":\"pages.changed\","
                + "\"data\":{\"id\":\"p9\",\"doc\":{\"id\":\"p9\",\"slug\":\"about\",\"title\":\"About\","
                + "\"status\":\"published\",\"updatedAt\":\"2026-03-01T12:00:00Z\"}}}").getBytes(StandardCharsets.UTF_8));
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.entityType()).isEqualTo("page");
            assertThat(c.change().record().orElseThrow().fields()).containsEntry("slug", "about");
        });
    }

    // ---- Fleetbase

    private final Connector fleetbase = new FleetbaseConnector(HTTP, Duration.ofSeconds(2));

    @Test
    void fleetbase_creates_an_order_with_the_local_id_and_reads_its_tracking_number() {
        ConnectorCall call = call("fleetbase", Map.of("pickup", "place_warehouse", "dropoff", "place_customer"),
                Map.of("api_key", "flb_live_x"));
        server.stubFor(get(urlPathEqualTo("/v1/orders")).willReturn(okJson("[{\"id\":\"order_other\","
                + "\"internal_id\":\"someone-else\",\"status\":\"created\",\"meta\":{}}]")));
        server.stubFor(post(urlPathEqualTo("/v1/orders")).willReturn(okJson("{\"id\":\"order_abc\","
                + "\"internal_id\":\"vo-1\",\"status\":\"created\",\"tracking_number\":{\"id\":\"track_1\","
                + "\"tracking_number\":\"FLB123\"},\"meta\":{\"cityos_order_id\":\"o-1\",\"cityos_vendor_order_id\":\"vo-1\","
                + "\"cityos_vendor_id\":\"v-1\"},\"updated_at\":\"2026-03-01T12:00:00.000000Z\"}")));
        Map<String, Object> f = new java.util.HashMap<>(Map.of("order_id", "o-1", "vendor_order_id", "vo-1",
                "vendor_id", "v-1"));
        assertThat(fleetbase.findExisting(call, "shipment", "vo-1", f)).isEmpty();
        RemoteRecord r = fleetbase.upsert(call, "shipment", Optional.empty(), "vo-1", f).orElseThrow();
        assertThat(r.remoteId()).isEqualTo("order_abc");
        assertThat(r.fields()).containsEntry("tracking_number", "FLB123").containsEntry("status", "created")
                .containsEntry("carrier", "fleetbase").containsEntry("vendor_order_id", "vo-1");
        server.verify(postRequestedFor(urlPathEqualTo("/v1/orders")).withHeader("Authorization",
                        equalTo("Bearer flb_live_x"))
                .withRequestBody(matchingJsonPath("$.internal_id", equalTo("vo-1")))
                .withRequestBody(matchingJsonPath("$.pickup", equalTo("place_warehouse")))
                .withRequestBody(matchingJsonPath("$.meta.cityos_order_id", equalTo("o-1"))));
        assertThat(fleetbase.parseWebhook(call, "order.completed", ("{\"id\":\"event_1\",\"api_version\":\"v1\","
                + "\"event\":\"order.completed\",\"created_at\":\"2026-03-01 12:00:00\",\"data\":{\"id\":\"order_abc\","
                + "\"status\":\"completed\"}}").getBytes(StandardCharsets.UTF_8)))
                .containsExactly(new WebhookChange("shipment", Change.fetch("order_abc")));
    }

    // ---- ERPNext

    private final Connector erp = new ErpNextConnector(HTTP, Duration.ofSeconds(2));

    @Test
    void erpnext_posts_a_submitted_sales_invoice_after_looking_it_up_by_its_reference() {
        ConnectorCall call = call("erpnext", Map.of("company", "CityOS KSA", "customer", "Marketplace Buyer"),
                Map.of("api_key", "k1", "api_secret", "s1"));
        server.stubFor(get(urlPathEqualTo("/api/resource/Sales%20Invoice")).willReturn(okJson("{\"data\":[]}")));
        server.stubFor(post(urlPathEqualTo("/api/resource/Sales%20Invoice")).willReturn(okJson("{\"data\":{"
                + "\"name\":\"ACC-SINV-2026-00001\",\"po_no\":\"ord-1\",\"docstatus\":1,\"grand_total\":140.0,"
                + "\"modified\":\"2026-03-01 12:00:00.123456\"}}")));
        Map<String, Object> order = Map.of("number", "ord-1", "currency", "SAR", "subtotal", 13500L, "discount", 1000L,
                "shipping", 1500L, "total", 14000L, "placed_at", "2026-03-01T09:00:00Z",
                "lines", List.of(Map.of("line_id", "a", "product_id", "ajwa", "quantity", 3L, "unit_price", 4500L)));
        assertThat(erp.findExisting(call, "order", "ord-1", order)).isEmpty();
        RemoteRecord r = erp.upsert(call, "order", Optional.empty(), "ord-1", order).orElseThrow();
        assertThat(r.remoteId()).isEqualTo("ACC-SINV-2026-00001");
        server.verify(getRequestedFor(urlPathEqualTo("/api/resource/Sales%20Invoice"))
                .withHeader("Authorization", equalTo("token k1:s1"))
                .withQueryParam("filters", equalTo("[[\"po_no\",\"=\",\"ord-1\"],[\"docstatus\",\"<\",2]]")));
        server.verify(postRequestedFor(urlPathEqualTo("/api/resource/Sales%20Invoice"))
                .withRequestBody(matchingJsonPath("$.po_no", equalTo("ord-1")))
                .withRequestBody(matchingJsonPath("$.docstatus", equalTo("1")))
                .withRequestBody(matchingJsonPath("$.company", equalTo("CityOS KSA")))
                .withRequestBody(matchingJsonPath("$.items[0].item_code", equalTo("ajwa")))
                .withRequestBody(matchingJsonPath("$.items[0].rate", equalTo("45.0")))
                .withRequestBody(matchingJsonPath("$.items[1].item_code", equalTo("Shipping")))
                .withRequestBody(matchingJsonPath("$.discount_amount", equalTo("10.0"))));
    }

    @Test
    void erpnext_posts_paid_payouts_as_journal_entries_and_nothing_for_unpaid_ones() {
        ConnectorCall call = call("erpnext", Map.of("accounts.bank", "Bank - CK"), Map.of("api_key", "k1",
                "api_secret", "s1"));
        Map<String, Object> pending = new java.util.HashMap<>(Map.of("payout_id", "p-1", "vendor_id", "v-1",
                "amount", 2000L, "currency", "SAR", "status", "pending", "run_at", "2026-03-01T00:00:00Z"));
        assertThat(erp.upsert(call, "payout", Optional.empty(), "p-1", pending)).isEmpty();
        server.stubFor(post(urlPathEqualTo("/api/resource/Journal%20Entry")).willReturn(aResponse().withStatus(417)
                .withBody("{\"exc_type\":\"ValidationError\",\"_server_messages\":\"[\\\"Account Bank - CK does not exist\\\"]\"}")));
        pending.put("status", "paid");
        assertThatThrownBy(() -> erp.upsert(call, "payout", Optional.empty(), "p-1", pending))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REJECTED);
                    assertThat(e.status()).contains(417);
                });
        server.verify(postRequestedFor(urlPathEqualTo("/api/resource/Journal%20Entry"))
                .withRequestBody(matchingJsonPath("$.cheque_no", equalTo("cityos-payout-p-1")))
                .withRequestBody(matchingJsonPath("$.accounts[1].account", equalTo("Bank - CK")))
                .withRequestBody(matchingJsonPath("$.accounts[0].debit_in_account_currency", equalTo("20.0"))));
    }
}
