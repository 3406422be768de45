package org.cityos.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.cityos.core.PageRequest;
import org.cityos.core.event.Event;
import org.cityos.marketplace.VendorOrderId;
import org.cityos.marketplace.order.Fulfillment;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.sync.engine.Conflict;
import org.cityos.sync.engine.ConflictPolicy;
import org.cityos.sync.engine.Integration;
import org.cityos.sync.engine.RecordMapping;
import org.cityos.sync.engine.SyncRole;
import org.cityos.sync.engine.SyncedRecord;
import org.cityos.sync.webhook.InboundResult;
import org.cityos.sync.webhook.InboundSource;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The three round trips of the issue, end to end through the job queue against WireMock stand-ins. */
class SyncRoundTripTest {
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

    // ---- a CMS product content change reaches the commerce side and comes back without a loop

    private static String doc(String title, String status, String updatedAt) {
        return "{\"id\":101,\"handle\":\"ajwa-dates\",\"title\":\"" + title + "\",\"subtitle\":null,"
                + "\"description\":\"Soft Madinah dates\",\"status\":\"" + status + "\",\"createdAt\":"
                + "\"2026-03-01T09:00:00.000Z\",\"updatedAt\":\"" + updatedAt + "\"}";
    }

    private static void cmsHas(String doc) {
        server.stubFor(get(urlPathEqualTo("/cms/api/product-content")).willReturn(okJson("{\"docs\":[" + doc
                + "],\"totalDocs\":1,\"limit\":100,\"totalPages\":1,\"page\":1,\"pagingCounter\":1,"
                + "\"hasPrevPage\":false,\"hasNextPage\":false,\"prevPage\":null,\"nextPage\":null}")));
    }

    private static String product(String localId, String title, String status, String updatedAt) {
        return "{\"id\":\"prod_01\",\"handle\":\"ajwa-dates\",\"title\":\"" + title + "\",\"subtitle\":null,"
                + "\"description\":\"Soft Madinah dates\",\"status\":\"" + status + "\",\"metadata\":{\"cityos_id\":\""
                + localId + "\"},\"updated_at\":\"" + updatedAt + "\"}";
    }

    private static void shopLists(String product) {
        server.stubFor(get(urlPathEqualTo("/medusa/admin/products")).withQueryParam("handle", absent())
                .willReturn(okJson("{\"products\":[" + product + "],\"count\":1,\"offset\":0,\"limit\":100}")));
    }

    @BothDatabases
    void a_product_content_change_in_the_cms_reaches_the_commerce_side_and_back_without_a_loop(TestDatabase db) {
        SyncWorld w = new SyncWorld(db, server, "2026-03-01T12:00:00Z", 100);
        Integration cms = w.integration("cms", "payload", "/cms", "cms-key", Map.of());
        Integration shop = w.integration("commerce", "medusa", "/medusa", "medusa-key", Map.of());
        w.bind(cms, "product", SyncRole.BOTH);
        w.bind(shop, "product", SyncRole.BOTH);
        // content belongs to the CMS, the publication status to the commerce backend
        w.engine.setPolicy(w.ctx, "product", ConflictPolicy.sourceOfTruth("cms").withOwner("status", "commerce"));

        // the CMS has a product's content; the shop has no such product yet
        cmsHas(doc("Ajwa Dates", "draft", "2026-03-01T10:00:00.000Z"));
        server.stubFor(get(urlPathEqualTo("/medusa/admin/products")).withQueryParam("handle", equalTo("ajwa-dates"))
                .willReturn(okJson("{\"products\":[],\"count\":0,\"offset\":0,\"limit\":10}")));
        shopLists("");
        server.stubFor(post(urlPathEqualTo("/medusa/admin/products")).willReturn(okJson("{\"product\":"
                + product("{{jsonPath request.body '$.metadata.cityos_id'}}", "Ajwa Dates", "draft",
                "2026-03-01T10:00:01.000Z") + "}").withTransformers("response-template")));
        w.engine.pullNow(w.ctx, cms.id(), "product");
        w.run();
        String local = w.engine.localIdOf(w.ctx, cms.id(), "product", "101").orElseThrow();
        server.verify(1, postRequestedFor(urlPathEqualTo("/medusa/admin/products"))
                .withHeader("Authorization", equalTo("Basic c2tfdGVzdF9tZWR1c2E6"))
                .withRequestBody(matchingJsonPath("$.title", equalTo("Ajwa Dates")))
                .withRequestBody(matchingJsonPath("$.metadata.cityos_id", equalTo(local))));
        SyncedRecord r = w.engine.record(w.ctx, "product", local).orElseThrow();
        assertThat(r.mappings()).extracting(RecordMapping::integration, RecordMapping::remoteId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("cms", "101"),
                        org.assertj.core.groups.Tuple.tuple("commerce", "prod_01"));

        // the shop's list shows what the sync wrote: an echo, nothing goes back to the CMS
        shopLists(product(local, "Ajwa Dates", "draft", "2026-03-01T10:00:01.000Z"));
        w.engine.pullNow(w.ctx, shop.id(), "product");
        w.run();
        server.verify(0, patchRequestedFor(urlPathMatching("/cms/.*")));

        // an editor retitles the product in the CMS: the shop gets it once, and its echo stops there
        cmsHas(doc("Ajwa Dates Premium", "draft", "2026-03-01T10:05:00.000Z"));
        server.stubFor(post(urlPathEqualTo("/medusa/admin/products/prod_01")).willReturn(okJson("{\"product\":"
                + product(local, "Ajwa Dates Premium", "draft", "2026-03-01T10:05:01.000Z") + "}")));
        w.engine.pullNow(w.ctx, cms.id(), "product");
        w.run();
        shopLists(product(local, "Ajwa Dates Premium", "draft", "2026-03-01T10:05:01.000Z"));
        w.engine.pullNow(w.ctx, shop.id(), "product");
        w.engine.pullNow(w.ctx, cms.id(), "product");
        w.run();
        server.verify(1, postRequestedFor(urlPathEqualTo("/medusa/admin/products/prod_01"))
                .withRequestBody(matchingJsonPath("$.title", equalTo("Ajwa Dates Premium"))));
        server.verify(0, patchRequestedFor(urlPathMatching("/cms/.*")));

        // the shop publishes: the status comes back to the CMS once, and the CMS's echo stops there
        shopLists(product(local, "Ajwa Dates Premium", "published", "2026-03-01T11:00:00.000Z"));
        server.stubFor(patch(urlPathEqualTo("/cms/api/product-content/101")).willReturn(okJson(
                "{\"message\":\"Updated successfully.\",\"doc\":" + doc("Ajwa Dates Premium", "published",
                        "2026-03-01T11:00:02.000Z") + "}")));
        w.engine.pullNow(w.ctx, shop.id(), "product");
        w.run();
        cmsHas(doc("Ajwa Dates Premium", "published", "2026-03-01T11:00:02.000Z"));
        w.engine.pullNow(w.ctx, cms.id(), "product");
        w.engine.pullNow(w.ctx, shop.id(), "product");
        w.run();
        server.verify(1, patchRequestedFor(urlPathEqualTo("/cms/api/product-content/101"))
                .withHeader("Authorization", equalTo("users API-Key payload-key-1"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("published"))));
        server.verify(1, postRequestedFor(urlPathEqualTo("/medusa/admin/products/prod_01")));

        // the CMS tries to unpublish, but the status is the shop's: a conflict, and the CMS is set back
        cmsHas(doc("Ajwa Dates Premium", "draft", "2026-03-01T11:30:00.000Z"));
        w.engine.pullNow(w.ctx, cms.id(), "product");
        w.run();
        server.verify(2, patchRequestedFor(urlPathEqualTo("/cms/api/product-content/101"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("published"))));
        server.verify(1, postRequestedFor(urlPathEqualTo("/medusa/admin/products/prod_01")));
        List<Conflict> conflicts = w.engine.conflicts(w.ctx, PageRequest.first(10)).items();
        assertThat(conflicts).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("status");
            assertThat(c.rule()).isEqualTo("owner");
            assertThat(c.keptValue()).contains("\"published\"");
            assertThat(c.keptFrom()).isEqualTo("commerce");
            assertThat(c.rejectedValue()).contains("\"draft\"");
            assertThat(c.rejectedFrom()).isEqualTo("cms");
        });
        assertThat(w.engine.record(w.ctx, "product", local).orElseThrow().fields())
                .containsEntry("title", "Ajwa Dates Premium").containsEntry("status", "published");
        assertThat(w.failures()).isEmpty();
    }

    // ---- an order placed in the library appears in the ERP once

    @BothDatabases
    void an_order_placed_in_the_library_appears_in_the_erp_once_with_its_commission(TestDatabase db) {
        SyncWorld w = new SyncWorld(db, server, "2026-03-01T12:00:00Z", 100);
        Integration local = w.engine.local(w.ctx);
        Integration erp = w.integration("erp", "erpnext", "/erp", "erp-key", SyncWorld.settings("company", "CityOS KSA",
                "accounts.vendor_payable", "Creditors - CK", "accounts.commission_income", "Commission - CK"));
        for (String type : List.of("order", "commission")) {
            w.bind(local, type, SyncRole.SOURCE);
            w.bind(erp, type, SyncRole.TARGET);
        }
        server.stubFor(get(urlPathMatching("/erp/api/resource/[^/]+")).willReturn(okJson("{\"data\":[]}")));
        server.stubFor(post(urlPathEqualTo("/erp/api/resource/Sales%20Invoice")).willReturn(okJson("{\"data\":{"
                + "\"name\":\"ACC-SINV-2026-00001\",\"docstatus\":1,\"modified\":\"2026-03-01 12:00:01.000000\"}}")));
        server.stubFor(post(urlPathEqualTo("/erp/api/resource/Journal%20Entry")).willReturn(okJson("{\"data\":{"
                + "\"name\":\"ACC-JV-2026-00001\",\"docstatus\":1,\"modified\":\"2026-03-01 12:00:01.000000\"}}")));
        server.stubFor(get(urlPathEqualTo("/erp/api/resource/Journal%20Entry/ACC-JV-2026-00001")).willReturn(okJson(
                "{\"data\":{\"name\":\"ACC-JV-2026-00001\",\"docstatus\":1,\"modified\":\"2026-03-01 12:00:01.000000\"}}")));

        Vendor dates = w.vendor("dates-co");
        w.product("ajwa-1kg", dates);
        Order o = w.market.orders().place(w.ctx, NewOrder.of("ord-1001", NewOrderLine.of("a", "ajwa-1kg", 3, 4500)));
        w.run();
        server.verify(1, postRequestedFor(urlPathEqualTo("/erp/api/resource/Sales%20Invoice"))
                .withHeader("Authorization", equalTo("token erp-k:erp-s"))
                .withRequestBody(matchingJsonPath("$.po_no", equalTo("ord-1001")))
                .withRequestBody(matchingJsonPath("$.items[0].item_code", equalTo("ajwa-1kg")))
                .withRequestBody(matchingJsonPath("$.items[0].qty", equalTo("3")))
                .withRequestBody(matchingJsonPath("$.currency", equalTo("SAR"))));
        String vo = o.vendorOrders().get(0).id().toString();
        server.verify(1, postRequestedFor(urlPathEqualTo("/erp/api/resource/Journal%20Entry"))
                .withRequestBody(matchingJsonPath("$.cheque_no", equalTo("cityos-commission-" + vo)))
                .withRequestBody(matchingJsonPath("$.accounts[1].account", equalTo("Commission - CK"))));
        assertThat(w.engine.record(w.ctx, "order", "ord-1001").orElseThrow().mappings())
                .extracting(RecordMapping::integration, RecordMapping::remoteId)
                .contains(org.assertj.core.groups.Tuple.tuple("erp", "ACC-SINV-2026-00001"));

        // a backfill of the library's orders and a refund (the commission changes; a submitted entry is not edited)
        w.engine.backfill(w.ctx, local.id(), "order");
        w.market.orders().refund(w.ctx, "ord-1001", "a", 1);
        w.run();
        server.verify(1, postRequestedFor(urlPathEqualTo("/erp/api/resource/Sales%20Invoice")));
        server.verify(1, postRequestedFor(urlPathEqualTo("/erp/api/resource/Journal%20Entry")));
        server.verify(0, putRequestedFor(urlPathMatching("/erp/.*")));
        assertThat(w.failures()).isEmpty();
    }

    // ---- a fulfillment creates one logistics order, and its tracking webhook updates the fulfillment

    private static Map<String, String> signed(byte[] body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Map.of("Content-Type", "application/json", "Signature", HexFormat.of().formatHex(mac.doFinal(body)));
    }

    private static String fleetOrder(String status, String updated) {
        return "{\"id\":\"order_7Hq2\",\"internal_id\":\"{{VO}}\",\"status\":\"" + status + "\",\"tracking_number\":"
                + "{\"id\":\"track_9\",\"tracking_number\":\"FLB-20260301-9\",\"status\":\"" + status + "\"},"
                + "\"meta\":{\"cityos_order_id\":\"ord-2001\",\"cityos_vendor_order_id\":\"{{VO}}\","
                + "\"cityos_vendor_id\":\"{{V}}\"},\"updated_at\":\"" + updated + "\"}";
    }

    @BothDatabases
    void a_fulfillment_creates_one_logistics_order_and_its_tracking_webhook_updates_the_fulfillment(TestDatabase db)
            throws Exception {
        SyncWorld w = new SyncWorld(db, server, "2026-03-01T12:00:00Z", 100);
        Integration local = w.engine.local(w.ctx);
        Integration fleet = w.integration("logistics", "fleetbase", "/fleet", "fleet-key",
                SyncWorld.settings("pickup", "place_dates_warehouse"));
        w.bind(local, "shipment", SyncRole.BOTH);
        w.bind(fleet, "shipment", SyncRole.BOTH);
        w.sync.inbound().register(InboundSource.fleetbase("fleetbase", "fleet-api-secret")
                .on("*", w.engine.webhookHandler("logistics")));

        Vendor dates = w.vendor("dates-co");
        w.product("ajwa-1kg", dates);
        Order o = w.market.orders().place(w.ctx, NewOrder.of("ord-2001", NewOrderLine.of("a", "ajwa-1kg", 1, 4500)));
        VendorOrderId vo = o.vendorOrders().get(0).id();
        String created = fleetOrder("created", "2026-03-01T12:00:05.000000Z").replace("{{VO}}", vo.toString())
                .replace("{{V}}", dates.id().toString());
        server.stubFor(get(urlPathEqualTo("/fleet/v1/orders")).willReturn(okJson("[]")));
        server.stubFor(post(urlPathEqualTo("/fleet/v1/orders")).willReturn(okJson(created)));
        w.run();
        w.market.orders().fulfill(w.ctx, vo, Shipment.none());
        w.run();

        server.verify(1, postRequestedFor(urlPathEqualTo("/fleet/v1/orders"))
                .withHeader("Authorization", equalTo("Bearer flb_test_key"))
                .withRequestBody(matchingJsonPath("$.internal_id", equalTo(vo.toString())))
                .withRequestBody(matchingJsonPath("$.pickup", equalTo("place_dates_warehouse")))
                .withRequestBody(matchingJsonPath("$.meta.cityos_order_id", equalTo("ord-2001"))));
        Fulfillment f = w.market.orders().fulfillment(w.ctx, vo).orElseThrow();
        assertThat(f.shipment()).isEqualTo(Shipment.of("fleetbase", "FLB-20260301-9"));
        assertThat(f.trackingStatus()).contains("created");

        // Fleetbase reports the dispatch by webhook; the sync fetches the order and updates the fulfillment
        server.stubFor(get(urlPathEqualTo("/fleet/v1/orders/order_7Hq2")).willReturn(okJson(
                fleetOrder("dispatched", "2026-03-01T13:00:00.000000Z").replace("{{VO}}", vo.toString())
                        .replace("{{V}}", dates.id().toString()))));
        byte[] body = ("{\"id\":\"event_65a1\",\"api_version\":\"v1\",\"event\":\"order.dispatched\",\"created_at\":"
                + "\"2026-03-01 13:00:00\",\"data\":{\"id\":\"order_7Hq2\",\"internal_id\":\"" + vo
                + "\",\"status\":\"dispatched\"}}").getBytes(StandardCharsets.UTF_8);
        InboundResult first = w.sync.inbound().receive(w.ctx, "fleetbase", signed(body, "fleet-api-secret"), body);
        InboundResult again = w.sync.inbound().receive(w.ctx, "fleetbase", signed(body, "fleet-api-secret"), body);
        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        w.run();
        assertThat(w.market.orders().fulfillment(w.ctx, vo).orElseThrow().trackingStatus()).contains("dispatched");

        // another event about the same state changes nothing more
        byte[] body2 = new String(body, StandardCharsets.UTF_8).replace("event_65a1", "event_65a2")
                .replace("order.dispatched", "order.updated").getBytes(StandardCharsets.UTF_8);
        w.sync.inbound().receive(w.ctx, "fleetbase", signed(body2, "fleet-api-secret"), body2);
        w.run();
        server.verify(2, getRequestedFor(urlPathEqualTo("/fleet/v1/orders/order_7Hq2")));
        server.verify(1, postRequestedFor(urlPathEqualTo("/fleet/v1/orders")));
        server.verify(0, putRequestedFor(urlPathMatching("/fleet/.*")));
        List<Event> tracked = w.cityOs.events().list(w.ctx, Optional.of("fulfillment.tracking_updated"),
                PageRequest.first(10)).items();
        assertThat(tracked).hasSize(2);
        assertThat(w.failures()).isEmpty();
    }
}
