package org.cityos.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityos.examples.http.HostFixture.bearer;
import static org.cityos.examples.http.HostFixture.hostOf;
import static org.cityos.examples.http.HostFixture.texts;

import org.cityos.examples.http.HostFixture.Response;
import org.cityos.marketplace.order.VendorOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VendorPortalHttpTest {
    private final HostFixture f = HostFixture.start();
    private final String vera = f.vendorToken("vera", f.alpha, f.dates);

    @AfterAll
    void stop() {
        f.close();
    }

    private String part(String vendorId) {
        return f.order.vendorOrders().stream().filter(vo -> vo.vendor().map(v -> v.toString().equals(vendorId))
                .orElse(false)).map(VendorOrder::id).findFirst().orElseThrow().toString();
    }

    @Test
    void a_vendor_member_sees_only_their_vendor_s_orders_and_products() {
        Response orders = f.get(hostOf(f.alpha), "/vendor/orders", "Authorization", bearer(vera));
        assertThat(orders.status()).as(orders.toString()).isEqualTo(200);
        assertThat(texts(orders.json().path("items"), "vendor")).containsOnly(f.dates.id().toString());
        assertThat(texts(orders.json().path("items"), "id")).containsExactly(part(f.dates.id().toString()));
        assertThat(orders.json().path("items").get(0).path("lines").get(0).path("productId").asText())
                .isEqualTo("p-dates");

        Response products = f.get(hostOf(f.alpha), "/vendor/products", "Authorization", bearer(vera));
        assertThat(products.status()).isEqualTo(200);
        assertThat(texts(products.json(), "productId")).containsExactly("p-dates");
    }

    @Test
    void another_vendor_s_data_is_refused() {
        // naming the other vendor: the authorizer refuses (the token's vendor_ids does not hold it)
        Response named = f.get(hostOf(f.alpha), "/vendor/orders?vendor=" + f.spices.id(), "Authorization", bearer(vera));
        assertThat(named.status()).isEqualTo(403);
        assertThat(named.code()).isEqualTo("forbidden");
        // fulfilling the other vendor's part of the order through one's own vendor: not found there
        Response fulfil = f.post(hostOf(f.alpha), "/vendor/orders/" + part(f.spices.id().toString()) + "/fulfillments",
                "{\"carrier\":\"smsa\",\"trackingNumber\":\"T1\"}", "Authorization", bearer(vera));
        assertThat(fulfil.status()).as(fulfil.toString()).isEqualTo(404);
        assertThat(fulfil.code()).isEqualTo("not_found");
        // a token claiming a vendor the user is no member of: the authorizer lets it through, the marketplace does not
        String claimsSpices = f.vendorToken("vera", f.alpha, f.spices);
        Response claimed = f.get(hostOf(f.alpha), "/vendor/orders", "Authorization", bearer(claimsSpices));
        assertThat(claimed.status()).isEqualTo(403);
        assertThat(claimed.json().path("message").asText()).contains("not a member");
    }

    @Test
    void a_vendor_user_may_not_use_operator_endpoints() {
        Response r = f.post(hostOf(f.alpha), "/admin/vendors", "{\"handle\":\"mine\",\"name\":\"Mine\"}",
                "Authorization", bearer(vera));
        assertThat(r.status()).isEqualTo(403);
        Response order = f.post(hostOf(f.alpha), "/admin/orders", "{\"orderId\":\"x-1\",\"lines\":[{\"lineId\":\"1\","
                + "\"productId\":\"p-dates\",\"quantity\":1,\"unitPrice\":100}]}", "Authorization", bearer(vera));
        assertThat(order.status()).isEqualTo(403);
    }

    @Test
    void a_vendor_user_with_several_vendors_names_one() {
        String both = f.vendorToken("vera", f.alpha, f.dates, f.spices);
        Response unnamed = f.get(hostOf(f.alpha), "/vendor/orders", "Authorization", bearer(both));
        assertThat(unnamed.status()).isEqualTo(422);
        assertThat(unnamed.code()).isEqualTo("invalid_argument");
        Response named = f.get(hostOf(f.alpha), "/vendor/orders?vendor=" + f.dates.id(), "Authorization", bearer(both));
        assertThat(named.status()).isEqualTo(200);
        Response malformed = f.get(hostOf(f.alpha), "/vendor/orders?vendor=dates", "Authorization", bearer(both));
        assertThat(malformed.status()).isEqualTo(422);
    }

    @Test
    void the_portal_asks_the_authorizer_too_which_lets_operators_in_and_keeps_vendor_users_in_their_tenant() {
        // a tenant admin is no member of dates; the policy lets it act for any vendor of its tenant
        Response operator = f.get(hostOf(f.alpha), "/vendor/orders?vendor=" + f.dates.id(), "Authorization",
                bearer(f.operatorToken(f.alpha)));
        assertThat(operator.status()).as(operator.toString()).isEqualTo(200);
        // vera's token for beta naming dates: beta has no such vendor
        Response otherTenant = f.get(hostOf(f.beta), "/vendor/orders?vendor=" + f.dates.id(), "Authorization",
                bearer(f.vendorToken("vera", f.beta, f.dates)));
        assertThat(otherTenant.status()).as(otherTenant.toString()).isEqualTo(404);
        assertThat(otherTenant.code()).isEqualTo("unknown_vendor");
        // and naming beta's vendor tea, of which she is no member there
        Response tea = f.get(hostOf(f.beta), "/vendor/products", "Authorization", bearer(f.vendorToken("vera", f.beta, f.tea)));
        assertThat(tea.status()).isEqualTo(403);
        assertThat(tea.json().path("message").asText()).contains("not a member");
    }

    @Test
    void staff_see_orders_but_may_not_request_payouts() {
        String sam = f.vendorToken("sam", f.alpha, f.dates);
        assertThat(f.get(hostOf(f.alpha), "/vendor/orders", "Authorization", bearer(sam)).status()).isEqualTo(200);
        Response r = f.post(hostOf(f.alpha), "/vendor/payouts/requests", null, "Authorization", bearer(sam));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("message").asText()).contains("as staff");
        assertThat(f.get(hostOf(f.alpha), "/vendor/earnings", "Authorization", bearer(sam)).status()).isEqualTo(403);
    }
}
