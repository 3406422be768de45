package org.cityos.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityos.examples.http.HostFixture.bearer;
import static org.cityos.examples.http.HostFixture.hostOf;
import static org.cityos.examples.http.HostFixture.texts;

import java.time.Duration;

import org.cityos.core.identity.apikey.ApiScope;
import org.cityos.examples.http.HostFixture.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantResolutionAndAuthTest {
    private final HostFixture f = HostFixture.start();

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void health_answers_without_a_tenant_or_credentials() {
        Response r = f.get(null, "/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void the_host_header_names_the_tenant() {
        Response r = f.get(hostOf(f.alpha), "/admin/vendors", "Authorization", bearer(f.operatorToken(f.alpha)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(texts(r.json().path("items"), "handle")).containsExactly("dates", "spices");
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void an_api_key_names_the_tenant_on_the_platform_address() {
        String key = f.apiKey(f.beta, ApiScope.read("vendor"));
        Response r = f.get(null, "/admin/vendors", "X-Api-Key", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(texts(r.json().path("items"), "handle")).containsExactly("tea");
    }

    @Test
    void an_api_key_of_another_tenant_than_the_host_is_refused() {
        String key = f.apiKey(f.beta, ApiScope.read("vendor"));
        Response r = f.get(hostOf(f.alpha), "/admin/vendors", "X-Api-Key", key);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("forbidden");
        assertThat(r.body()).doesNotContain(key);
    }

    @Test
    void an_api_key_is_capped_by_its_scopes() {
        String readOnly = f.apiKey(f.alpha, ApiScope.read("vendor"));
        Response r = f.post(null, "/admin/vendors", "{\"handle\":\"nope\",\"name\":\"Nope\"}", "X-Api-Key", readOnly);
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
    }

    @Test
    void a_token_for_tenant_a_on_tenant_b_s_host_is_forbidden() {
        Response r = f.get(hostOf(f.beta), "/admin/vendors", "Authorization", bearer(f.operatorToken(f.alpha)));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("forbidden");
        assertThat(r.json().path("message").asText()).contains("disagree");
    }

    @Test
    void no_credentials_is_401_with_a_bearer_challenge() {
        Response r = f.get(hostOf(f.alpha), "/vendor/orders");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("unauthenticated");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        // credentials come before anything in the path or body is read
        assertThat(f.post(hostOf(f.alpha), "/vendor/orders/not-an-id/fulfillments", "{oops").status()).isEqualTo(401);
        assertThat(f.post(hostOf(f.alpha), "/admin/vendors/not-an-id/approve", null).status()).isEqualTo(401);
    }

    @Test
    void a_bad_or_expired_token_or_key_is_401() {
        String expired = f.idp.accessToken("olga").audience(HostFixture.AUDIENCE).realmRoles("tenant_admin")
                .claim("tenant_id", f.alpha.id().toString()).expiresIn(Duration.ofMinutes(-5)).sign();
        assertThat(f.get(hostOf(f.alpha), "/admin/vendors", "Authorization", bearer(expired)).status()).isEqualTo(401);
        assertThat(f.get(hostOf(f.alpha), "/admin/vendors", "Authorization", "Bearer not.a.jwt").status())
                .isEqualTo(401);
        String wrongAudience = f.idp.accessToken("olga").audience("another-api").realmRoles("tenant_admin")
                .claim("tenant_id", f.alpha.id().toString()).sign();
        assertThat(f.get(hostOf(f.alpha), "/admin/vendors", "Authorization", bearer(wrongAudience)).status())
                .isEqualTo(401);
        Response key = f.get(hostOf(f.alpha), "/admin/vendors", "X-Api-Key", "cty_live_nonsense");
        assertThat(key.status()).isEqualTo(401);
        assertThat(key.body()).doesNotContain("cty_live_nonsense");
    }

    @Test
    void an_unknown_tenant_host_is_404_and_the_platform_address_alone_names_none() {
        Response unknown = f.get("nobody.localhost", "/admin/vendors", "Authorization",
                bearer(f.operatorToken(f.alpha)));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("unknown_tenant");
        Response apex = f.get(null, "/admin/vendors");
        assertThat(apex.status()).isEqualTo(404);
        assertThat(apex.code()).isEqualTo("unknown_tenant");
    }

    @Test
    void a_token_without_a_tenant_claim_acts_in_the_tenant_the_host_names_as_its_roles_allow() {
        // a platform admin's token names no tenant: the host does, and the policy lets platform admins in
        Response r = f.get(hostOf(f.beta), "/admin/vendors", "Authorization", bearer(f.platformToken()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(texts(r.json().path("items"), "handle")).containsExactly("tea");
        // a customer's token naming no tenant is not a member of it
        String customer = f.idp.accessToken("cleo").audience(HostFixture.AUDIENCE).realmRoles("customer").sign();
        assertThat(f.get(hostOf(f.beta), "/admin/vendors", "Authorization", bearer(customer)).status()).isEqualTo(403);
    }

    @Test
    void a_key_and_a_token_together_are_refused() {
        String key = f.apiKey(f.alpha, ApiScope.read("vendor"));
        Response r = f.get(hostOf(f.alpha), "/admin/vendors", "X-Api-Key", key, "Authorization",
                bearer(f.operatorToken(f.alpha)));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.code()).isEqualTo("invalid_argument");
    }

    @Test
    void a_bearer_token_is_verified_once_per_request() {
        String olga = f.operatorToken(f.alpha);
        String vera = f.vendorToken("vera", f.alpha, f.dates);
        long start = f.host.tokenVerifications();
        assertThat(f.get(hostOf(f.alpha), "/admin/vendors", "Authorization", bearer(olga)).status()).isEqualTo(200);
        assertThat(f.host.tokenVerifications() - start).isEqualTo(1);
        // the vendor portal asks the authorizer twice (the edge, then the portal): the token is still checked once
        assertThat(f.get(hostOf(f.alpha), "/vendor/orders", "Authorization", bearer(vera)).status()).isEqualTo(200);
        assertThat(f.post(hostOf(f.alpha), "/vendor/payouts/requests", null, "Authorization", bearer(vera)).status())
                .isEqualTo(422); // no payout account yet
        assertThat(f.get(null, "/admin/tenants", "Authorization", bearer(f.platformToken())).status()).isEqualTo(200);
        assertThat(f.host.tokenVerifications() - start).isEqualTo(4);
        // refused tokens are checked once too; an API key, or no credential, checks none
        assertThat(f.get(hostOf(f.alpha), "/admin/vendors", "Authorization", bearer(olga + "x")).status()).isEqualTo(401);
        assertThat(f.get(hostOf(f.beta), "/admin/vendors", "Authorization", bearer(olga)).status()).isEqualTo(403);
        assertThat(f.get(null, "/admin/vendors", "X-Api-Key", f.apiKey(f.beta, ApiScope.read("vendor"))).status())
                .isEqualTo(200);
        assertThat(f.get(hostOf(f.alpha), "/vendor/orders").status()).isEqualTo(401);
        assertThat(f.host.tokenVerifications() - start).isEqualTo(6);
    }

    @Test
    void a_forged_token_is_refused_before_the_host_is_looked_up_and_one_request_has_one_token() {
        String forged = f.operatorToken(f.alpha);
        forged = forged.substring(0, forged.length() - 4) + (forged.endsWith("AAAA") ? "BBBB" : "AAAA");
        // an unknown host would be 404: the token is refused first, so nothing about tenants is revealed
        Response unknownHost = f.get("nobody.localhost", "/admin/vendors", "Authorization", bearer(forged));
        assertThat(unknownHost.status()).as(unknownHost.toString()).isEqualTo(401);
        assertThat(unknownHost.body()).doesNotContain(forged);
        // two different tokens: neither is picked for the tenant and the other for the caller
        Response two = f.get(hostOf(f.alpha), "/admin/vendors", "Authorization", bearer(f.operatorToken(f.alpha)),
                "Authorization", bearer(f.platformToken()));
        assertThat(two.status()).as(two.toString()).isEqualTo(422);
        assertThat(two.code()).isEqualTo("invalid_argument");
    }

    @Test
    void platform_endpoints_take_only_a_platform_admin_s_token() {
        assertThat(f.get(null, "/admin/tenants").status()).isEqualTo(401);
        assertThat(f.get(null, "/admin/tenants", "Authorization", bearer(f.operatorToken(f.alpha))).status())
                .isEqualTo(403);
        assertThat(f.get(null, "/admin/tenants", "X-Api-Key", f.apiKey(f.alpha, ApiScope.write("*"))).status())
                .isEqualTo(403);
        Response r = f.get(null, "/admin/tenants", "Authorization", bearer(f.platformToken()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(texts(r.json().path("items"), "handle")).contains("alpha", "beta");
    }

    @Test
    void a_platform_admin_creates_a_tenant_whose_subdomain_then_resolves() {
        Response created = f.post(null, "/admin/tenants", HostFixture.json(java.util.Map.of("handle", "gamma",
                "name", "Gamma", "country", "SA", "scope", "riyadh", "category", "food", "currency", "SAR",
                "timeZone", "Asia/Riyadh")), "Authorization", bearer(f.platformToken()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("timeZone").asText()).isEqualTo("Asia/Riyadh");
        assertThat(created.json().path("status").asText()).isEqualTo("active");
        Response vendors = f.get("gamma.localhost", "/admin/vendors", "Authorization", bearer(f.platformToken()));
        assertThat(vendors.status()).isEqualTo(200);
        assertThat(vendors.json().path("items").size()).isZero();

        Response taken = f.post(null, "/admin/tenants", HostFixture.json(java.util.Map.of("handle", "gamma",
                "name", "Gamma", "country", "SA", "scope", "riyadh", "category", "food", "currency", "SAR")),
                "Authorization", bearer(f.platformToken()));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("conflict");
    }
}
