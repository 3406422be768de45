package org.cityos.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityos.examples.http.HostFixture.bearer;
import static org.cityos.examples.http.HostFixture.hostOf;
import static org.cityos.examples.http.HostFixture.json;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.cityos.examples.http.HostFixture.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminFlowHttpTest {
    private final HostFixture f = HostFixture.start();

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void an_operator_onboards_a_vendor_places_an_order_and_the_vendor_fulfils_it_and_is_paid() {
        String alpha = hostOf(f.alpha);
        String[] operator = {"Authorization", bearer(f.operatorToken(f.alpha))};

        // given a vendor that applies and is approved, with its owner and a product
        Response applied = f.post(alpha, "/admin/vendors", json(Map.of("handle", "honey", "name", "Honey House")),
                operator);
        assertThat(applied.status()).as(applied.toString()).isEqualTo(201);
        assertThat(applied.json().path("status").asText()).isEqualTo("pending");
        String honey = applied.json().path("id").asText();
        Response approved = f.post(alpha, "/admin/vendors/" + honey + "/approve", null, operator);
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().path("status").asText()).isEqualTo("active");
        assertThat(f.post(alpha, "/admin/vendors/" + honey + "/members", json(Map.of("subject", "hana", "role", "owner")),
                operator).status()).isEqualTo(201);
        Response linked = f.post(alpha, "/admin/products", json(Map.of("productId", "p-honey", "vendor", honey,
                "category", "food")), operator);
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);

        // when the operator places an order with the vendor's product and shipping
        Response placed = f.post(alpha, "/admin/orders", json(Map.of("orderId", "o-honey-1",
                "lines", List.of(Map.of("lineId", "1", "productId", "p-honey", "quantity", 3, "unitPrice", 2500)),
                "shipping", Map.of("honey", 1000))), operator);
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        assertThat(placed.json().path("total").asLong()).isEqualTo(8500);

        // then the vendor sees it to fulfil, fulfils it and sees its earnings pending
        String hana = f.vendorToken("hana", f.alpha, vendor(honey));
        Response toFulfil = f.get(alpha, "/vendor/orders", "Authorization", bearer(hana));
        assertThat(toFulfil.status()).as(toFulfil.toString()).isEqualTo(200);
        JsonNode part = toFulfil.json().path("items").get(0);
        assertThat(part.path("orderId").asText()).isEqualTo("o-honey-1");
        long net = part.path("vendorNet").asLong();
        assertThat(net).isEqualTo(7500 - 750 + 1000);   // default commission 10 % of the lines, shipping is the vendor's

        Response fulfilled = f.post(alpha, "/vendor/orders/" + part.path("id").asText() + "/fulfillments",
                json(Map.of("carrier", "smsa", "trackingNumber", "TRK-9")), "Authorization", bearer(hana));
        assertThat(fulfilled.status()).as(fulfilled.toString()).isEqualTo(201);
        assertThat(fulfilled.json().path("status").asText()).isEqualTo("fulfilled");
        assertThat(f.get(alpha, "/vendor/orders", "Authorization", bearer(hana)).json().path("items").size()).isZero();
        Response again = f.post(alpha, "/vendor/orders/" + part.path("id").asText() + "/fulfillments", null,
                "Authorization", bearer(hana));
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.code()).isEqualTo("invalid_transition");

        JsonNode earnings = f.get(alpha, "/vendor/earnings", "Authorization", bearer(hana)).json();
        assertThat(earnings.path("pending").asLong()).isEqualTo(net);
        assertThat(earnings.path("available").asLong()).isZero();

        // and once the return window has passed, with a verified account, the owner requests a payout
        f.clock.advance(Duration.ofDays(15));
        String later = f.vendorToken("hana", f.alpha, vendor(honey));   // the first token has expired by now
        String operatorLater = bearer(f.operatorToken(f.alpha));
        Response account = f.put(alpha, "/admin/vendors/" + honey + "/payout-account",
                json(Map.of("provider", "manual", "externalAccountId", "SA4420000001234567891234")),
                "Authorization", operatorLater);
        assertThat(account.status()).as(account.toString()).isEqualTo(200);
        assertThat(account.json().path("account").asText()).endsWith("1234").doesNotContain("44200000");
        assertThat(f.get(alpha, "/vendor/earnings", "Authorization", bearer(later)).json().path("available").asLong())
                .isEqualTo(net);
        Response payout = f.post(alpha, "/vendor/payouts/requests", null, "Authorization", bearer(later));
        assertThat(payout.status()).as(payout.toString()).isEqualTo(201);
        assertThat(payout.json().path("amount").asLong()).isEqualTo(net);
        assertThat(payout.json().path("status").asText()).isEqualTo("paid");
        assertThat(payout.json().path("origin").asText()).isEqualTo("request");
        Response payouts = f.get(alpha, "/vendor/payouts", "Authorization", bearer(later));
        assertThat(payouts.json().size()).isEqualTo(1);
        assertThat(f.get(alpha, "/vendor/earnings", "Authorization", bearer(later)).json().path("paid").asLong())
                .isEqualTo(net);
    }

    private org.cityos.marketplace.vendor.Vendor vendor(String id) {
        return f.host.marketplace().vendors().require(
                org.cityos.core.TenantContext.of(f.alpha.id(), HostFixture.SETUP),
                org.cityos.marketplace.VendorId.parse(id));
    }

    @Test
    void a_body_that_is_not_json_is_400_and_one_the_library_refuses_is_422_with_its_code() {
        String alpha = hostOf(f.alpha);
        String[] operator = {"Authorization", bearer(f.operatorToken(f.alpha))};
        Response garbage = f.post(alpha, "/admin/orders", "{\"orderId\": ", operator);
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.code()).isEqualTo("invalid_argument");
        Response unknownField = f.post(alpha, "/admin/vendors", "{\"handle\":\"x\",\"name\":\"X\",\"color\":\"red\"}",
                operator);
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().path("message").asText()).contains("color");
        Response empty = f.post(alpha, "/admin/vendors", null, operator);
        assertThat(empty.status()).isEqualTo(400);

        Response negative = f.post(alpha, "/admin/orders", json(Map.of("orderId", "o-bad",
                "lines", List.of(Map.of("lineId", "1", "productId", "p-dates", "quantity", -2, "unitPrice", 100)))),
                operator);
        assertThat(negative.status()).as(negative.toString()).isEqualTo(422);
        assertThat(negative.code()).isEqualTo("invalid_amount");
        Response unknownProduct = f.post(alpha, "/admin/orders", json(Map.of("orderId", "o-bad",
                "lines", List.of(Map.of("lineId", "1", "productId", "nothing", "quantity", 1, "unitPrice", 100)))),
                operator);
        assertThat(unknownProduct.status()).isEqualTo(404);
        assertThat(unknownProduct.code()).isEqualTo("unknown_product");
        Response duplicate = f.post(alpha, "/admin/orders", json(Map.of("orderId", "o-1",
                "lines", List.of(Map.of("lineId", "1", "productId", "p-dates", "quantity", 1, "unitPrice", 100)))),
                operator);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.code()).isEqualTo("duplicate_order");
        Response badRole = f.post(alpha, "/admin/vendors/" + f.dates.id() + "/members",
                json(Map.of("subject", "z", "role", "emperor")), operator);
        assertThat(badRole.status()).isEqualTo(422);
        assertThat(badRole.json().path("message").asText()).contains("emperor");
        Response badId = f.post(alpha, "/admin/vendors/not-a-uuid/approve", null, operator);
        assertThat(badId.status()).isEqualTo(422);
        assertThat(badId.code()).isEqualTo("invalid_argument");
    }

    @Test
    void an_unknown_route_is_a_json_404() {
        Response r = f.get(hostOf(f.alpha), "/nowhere");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("not_found");
    }
}
