package org.cityos.examples.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.identity.Issuer;
import org.cityos.core.identity.apikey.ApiScope;
import org.cityos.core.identity.apikey.NewApiKey;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Tenant;
import org.cityos.core.webhook.WebhookSecret;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Order;
import org.cityos.marketplace.vendor.MemberRole;
import org.cityos.marketplace.vendor.NewVendor;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.FakeIssuer;
import org.cityos.testkit.TestClock;

/**
 * A started host on a free loopback port (H2, embedded policy, no job workers), a stand-in
 * issuer, and a small world: tenant {@code alpha} with vendors {@code dates} (owner vera, staff
 * sam) and {@code spices} (owner victor) and one order split between them; tenant {@code beta}
 * with vendor {@code tea}. Requests go over real HTTP with {@link HttpClient}.
 */
final class HostFixture implements AutoCloseable {
    static {
        // the JDK's client refuses to set Host unless told; the tests name tenants by Host header
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    static final String AUDIENCE = "cityos-api";
    static final WebhookSecret WEBHOOK_SECRET = WebhookSecret.generate();
    static final Principal SETUP = Principal.system("test-setup");

    final TestClock clock = TestClock.at("2026-03-01T09:00:00Z");
    final FakeIssuer idp = FakeIssuer.start("cityos-test", clock);
    final CityOsHttp host;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final Tenant alpha;
    final Tenant beta;
    final Vendor dates;
    final Vendor spices;
    final Vendor tea;
    final Order order;

    private HostFixture(Consumer<HttpSettings.Builder> extra) {
        HttpSettings.Builder settings = HttpSettings.builder().port(0).clock(clock).workers(0)
                .issuer(Issuer.keycloak(idp.issuer()).audiences(AUDIENCE).build())
                .webhook("erp", WEBHOOK_SECRET);
        extra.accept(settings);
        host = CityOsHttp.start(settings.build());
        var h = host.cityOs().tenancy().hierarchy();
        h.createCountry(SETUP, "SA", "Saudi Arabia");
        Scope riyadh = h.createScope(SETUP, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        Category food = h.createCategory(SETUP, "food", "Food");
        var tenants = host.cityOs().tenancy().tenants();
        alpha = tenants.create(SETUP, NewTenant.of("alpha", "Alpha", riyadh.id(), food.id(), "SAR"));
        beta = tenants.create(SETUP, NewTenant.of("beta", "Beta", riyadh.id(), food.id(), "SAR"));
        Marketplace m = host.marketplace();
        TenantContext a = TenantContext.of(alpha.id(), SETUP);
        dates = approved(m, a, "dates");
        spices = approved(m, a, "spices");
        m.vendors().putMember(a, dates.id(), "vera", MemberRole.OWNER);
        m.vendors().putMember(a, dates.id(), "sam", MemberRole.STAFF);
        m.vendors().putMember(a, spices.id(), "victor", MemberRole.OWNER);
        m.products().link(a, "p-dates", VendorRef.of(dates.id()), Optional.of("food"));
        m.products().link(a, "p-spice", VendorRef.of(spices.id()), Optional.of("food"));
        order = m.orders().place(a, NewOrder.of("o-1", NewOrderLine.of("1", "p-dates", 2, 3000),
                NewOrderLine.of("2", "p-spice", 1, 1000)));
        tea = approved(m, TenantContext.of(beta.id(), SETUP), "tea");
    }

    static HostFixture start() {
        return start(s -> { });
    }

    static HostFixture start(Consumer<HttpSettings.Builder> extra) {
        return new HostFixture(extra);
    }

    private static Vendor approved(Marketplace m, TenantContext ctx, String handle) {
        Vendor v = m.vendors().apply(ctx, NewVendor.of(handle, handle.toUpperCase(java.util.Locale.ROOT)));
        return m.vendors().approve(ctx, v.id());
    }

    /** The Host header of a tenant's subdomain. */
    static String hostOf(Tenant t) {
        return t.handle() + ".localhost";
    }

    String operatorToken(Tenant t) {
        return idp.accessToken("olga").audience(AUDIENCE).realmRoles("tenant_admin")
                .claim("tenant_id", t.id().toString()).sign();
    }

    String platformToken() {
        return idp.accessToken("pat").audience(AUDIENCE).realmRoles(RequestGate.PLATFORM_ADMIN).sign();
    }

    /** A vendor user's token: role vendor, the tenant, and the vendors it belongs to as claims. */
    String vendorToken(String subject, Tenant t, Vendor... vendors) {
        return idp.accessToken(subject).audience(AUDIENCE).realmRoles(Marketplace.VENDOR_ROLE)
                .claim("tenant_id", t.id().toString())
                .claim("vendor_ids", Arrays.stream(vendors).map(v -> v.id().toString()).toList()).sign();
    }

    String apiKey(Tenant t, ApiScope... scopes) {
        return host.apiKeys().issue(TenantContext.of(t.id(), SETUP), NewApiKey.of("test key", scopes)).secret();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** An answer: status, the body as JSON (missing when not JSON) and the headers. */
    record Response(int status, String body, JsonNode json, HttpHeaders headers) {
        String code() {
            return json.path("code").asText();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Response get(String host, String path, String... headers) {
        return send(host, "GET", path, null, headers);
    }

    Response post(String host, String path, String body, String... headers) {
        return send(host, "POST", path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    Response put(String host, String path, String body, String... headers) {
        return send(host, "PUT", path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Sends a request to the host; {@code host} null sends the loopback address as Host (the platform). */
    Response send(String host, String method, String path, byte[] body, String... headers) {
        return request(this.host, host, method, path, body, headers);
    }

    /** A GET to any started host. */
    static Response sendTo(CityOsHttp target, String host, String path, String... headers) {
        return request(target, host, "GET", path, null, headers);
    }

    private static Response request(CityOsHttp target, String host, String method, String path, byte[] body,
                                    String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.baseUri() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (host != null) {
            b.header("Host", host);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = r.body().isEmpty() ? MissingNode.getInstance() : ApiJson.MAPPER.readTree(r.body());
            } catch (IOException notJson) {
                json = MissingNode.getInstance();
            }
            return new Response(r.statusCode(), r.body(), json, r.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Map<String, ?> body) {
        try {
            return ApiJson.MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> texts(JsonNode array, String field) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }

    @Override
    public void close() {
        host.close();
        idp.close();
    }
}
