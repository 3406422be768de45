package org.cityos.core.identity.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Fixtures;
import org.cityos.core.Principal;
import org.cityos.core.TenantId;
import org.cityos.core.audit.AuditEntry;
import org.cityos.core.audit.AuditQuery;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Tenant;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.CerbosPdp;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

/** The Cerbos adapter's failure handling, batching and hierarchy scopes, against the real PDP and stubs. */
class CerbosAuthorizerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId T1 = AuthorizerParityTest.T1;
    private static final Principal ADMIN = new Principal(Principal.Kind.USER, "ta", Set.of("tenant_admin"),
            Optional.empty(), Map.of(), Set.of(), Set.of(T1), Set.of(), Set.of());
    private static final Resource ORDER = Resource.of("order", "O1", T1).with("vendor", "V1");

    /** A stub PDP answering every request with {@code answer}, recording the requests. */
    private static final class Stub implements AutoCloseable {
        final HttpServer server;
        final List<JsonNode> requests = new CopyOnWriteArrayList<>();

        Stub(Function<JsonNode, Object> answer) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            server.createContext("/", ex -> handle(ex, answer));
            server.start();
        }

        private void handle(HttpExchange ex, Function<JsonNode, Object> answer) throws IOException {
            try (ex) {
                JsonNode body = JSON.readTree(ex.getRequestBody());
                requests.add(body);
                Object out = answer.apply(body);
                if (out instanceof Integer status) {
                    ex.sendResponseHeaders(status, -1);
                    return;
                }
                byte[] bytes = String.valueOf(out).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, bytes.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(bytes);
                }
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** An answer allowing every resource of a check request. */
    private static String allowAll(JsonNode request) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("requestId", request.path("requestId").asText());
        ArrayNode results = answer.putArray("results");
        for (JsonNode entry : request.path("resources")) {
            ObjectNode result = results.addObject();
            result.putObject("resource").put("id", entry.path("resource").path("id").asText())
                    .put("kind", entry.path("resource").path("kind").asText());
            ObjectNode actions = result.putObject("actions");
            entry.path("actions").forEach(a -> actions.put(a.asText(), "EFFECT_ALLOW"));
        }
        return answer.toString();
    }

    private static void assertAllDenied(Authorizer authz, String reason) {
        Decision d = authz.check(ADMIN, ORDER, "read");
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains(reason);
        assertThat(authz.plan(ADMIN, "order", "read", T1).kind()).isEqualTo(AccessPlan.Kind.ALWAYS_DENIED);
        assertThatThrownBy(() -> authz.require(ADMIN, ORDER, "read"))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void aPdpThatIsDownDeniesEverything() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertAllDenied(CerbosAuthorizer.builder("http://127.0.0.1:" + port).build(), "unreachable");
    }

    @Test
    void aPdpAnsweringAnErrorDeniesEverything() throws IOException {
        try (Stub stub = new Stub(r -> 500)) {
            assertAllDenied(CerbosAuthorizer.builder(stub.url()).build(), "answered HTTP 500");
        }
        try (Stub stub = new Stub(r -> "not json")) {
            assertAllDenied(CerbosAuthorizer.builder(stub.url()).build(), "not JSON");
        }
        try (Stub stub = new Stub(r -> "{\"requestId\":\"someone-else\",\"results\":[]}")) {
            assertAllDenied(CerbosAuthorizer.builder(stub.url()).build(), "does not match the request");
        }
        try (Stub stub = new Stub(r -> allowAll(r).replace("\"O1\"", "\"O2\""))) {
            Decision d = CerbosAuthorizer.builder(stub.url()).build().check(ADMIN, ORDER, "read");
            assertThat(d.allowed()).isFalse();
            assertThat(d.reason()).contains("another resource");
        }
    }

    @Test
    void aSlowPdpTimesOutAndDenies() throws IOException {
        try (Stub stub = new Stub(r -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return allowAll(r);
        })) {
            CerbosAuthorizer authz = CerbosAuthorizer.builder(stub.url()).timeout(Duration.ofMillis(300)).build();
            long start = System.nanoTime();
            assertThat(authz.check(ADMIN, ORDER, "read").allowed()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void checksAreSentInBatchesOfFiftyWithTheirOwnRequestIds() throws IOException {
        try (Stub stub = new Stub(CerbosAuthorizerTest::allowAll)) {
            CerbosAuthorizer authz = CerbosAuthorizer.builder(stub.url()).build();
            List<Check> checks = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                checks.add(new Check(Resource.of("order", "O" + i, T1), i % 2 == 0 ? "read" : "update"));
            }
            List<Decision> ds = authz.checkAll(ADMIN, checks);

            assertThat(ds).hasSize(120).allMatch(Decision::allowed);
            assertThat(ds).extracting(Decision::check).containsExactlyElementsOf(checks);
            assertThat(stub.requests).extracting(r -> r.path("resources").size()).containsExactly(50, 50, 20);
            assertThat(stub.requests).extracting(r -> r.path("requestId").asText()).doesNotHaveDuplicates()
                    .allMatch(id -> id.startsWith("cityos-"));
            JsonNode principal = stub.requests.get(0).path("principal");
            assertThat(principal.path("id").asText()).isEqualTo("ta");
            assertThat(principal.path("attr").path("tenants").get(0).asText()).isEqualTo(T1.toString());
        }
    }

    @Test
    void theRealPdpAllowsAndDeniesInBatchesToo() {
        CerbosAuthorizer authz = CerbosAuthorizer.builder(CerbosPdp.shared(CerbosPdp.SHIPPED_POLICIES).url()).build();
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < 75; i++) {
            checks.add(new Check(Resource.of("order", "O" + i, i % 3 == 0 ? T1 : AuthorizerParityTest.T2), "read"));
        }
        List<Decision> ds = authz.checkAll(ADMIN, checks);
        for (int i = 0; i < 75; i++) {
            assertThat(ds.get(i).allowed()).as("check %d", i).isEqualTo(i % 3 == 0);
        }
    }

    @BothDatabases
    void scopesFollowTheHierarchySoACityOrTenantRefinesThePolicy(TestDatabase db) {
        CityOs cityOs = db.cityOs(TestClock.at("2026-01-01T00:00:00Z"));
        Fixtures f = new Fixtures(cityOs); // SA / riyadh
        Tenant market = f.tenant("riyadh-market");
        Tenant souq = f.tenant("jeddah-souq");
        cityOs.tenancy().hierarchy().createCountry(Fixtures.ADMIN, "AE", "Emirates");
        var dubai = cityOs.tenancy().hierarchy().createScope(Fixtures.ADMIN, "AE", "dubai", "Dubai", ScopeKind.CITY);
        Tenant mall = cityOs.tenancy().tenants().create(Fixtures.ADMIN,
                NewTenant.of("dubai-mall", "Dubai Mall", dubai.id(), f.category.id(), "AED"));
        Function<TenantId, Optional<String>> scopes = CerbosAuthorizer.hierarchyScopes(cityOs);
        assertThat(scopes.apply(market.id())).contains("sa.riyadh.riyadh-market");

        List<String> policies = new ArrayList<>(CerbosPdp.SHIPPED_POLICIES);
        policies.addAll(List.of("cerbos-scoped/order_sa.yaml", "cerbos-scoped/order_sa_riyadh.yaml",
                "cerbos-scoped/order_sa_riyadh_riyadh-market.yaml"));
        CerbosAuthorizer authz = CerbosAuthorizer.builder(CerbosPdp.shared(policies).url()).scopes(scopes).build();

        Principal auditor = Principal.user("aud", "auditor");
        assertThat(authz.check(auditor, Resource.of("order", "O1", market.id()), "read").allowed()).isTrue();
        assertThat(authz.check(auditor, Resource.of("order", "O1", mall.id()), "read").allowed()).isFalse();

        Principal vendor = new Principal(Principal.Kind.USER, "vs", Set.of("vendor"), Optional.empty(), Map.of(),
                Set.of(), Set.of(market.id(), souq.id()), Set.of(), Set.of("V1"));
        assertThat(authz.check(vendor, Resource.of("order", "O1", market.id()).with("vendor", "V1"), "fulfil").allowed())
                .as("riyadh-market forbids vendors to fulfil").isFalse();
        assertThat(authz.check(vendor, Resource.of("order", "O1", souq.id()).with("vendor", "V1"), "fulfil").allowed())
                .isTrue();
        assertThat(authz.check(vendor, Resource.of("order", "O1", market.id()).with("vendor", "V1"), "read").allowed())
                .as("other actions fall through to the parent policies").isTrue();

        Principal customer = new Principal(Principal.Kind.USER, "cust-1", Set.of("customer"), Optional.empty(), Map.of(),
                Set.of(), Set.of(souq.id(), mall.id()), Set.of(), Set.of());
        assertThat(authz.check(customer, Resource.of("order", "O1", souq.id()).with("owner", "cust-1"), "cancel")
                .allowed()).as("Riyadh lets customers cancel").isTrue();
        assertThat(authz.check(customer, Resource.of("order", "O1", mall.id()).with("owner", "cust-1"), "cancel")
                .allowed()).isFalse();
        assertThat(authz.plan(customer, "order", "cancel", souq.id()).kind()).isEqualTo(AccessPlan.Kind.CONDITIONAL);
        assertThat(authz.plan(customer, "order", "cancel", mall.id()).kind()).isEqualTo(AccessPlan.Kind.ALWAYS_DENIED);
    }

    @BothDatabases
    void decisionsCanBeAudited(TestDatabase db) {
        CityOs cityOs = db.cityOs(TestClock.at("2026-01-01T00:00:00Z"));
        Fixtures f = new Fixtures(cityOs);
        Tenant market = f.tenant("riyadh-market");
        Principal vendor = new Principal(Principal.Kind.USER, "vs", Set.of("vendor"), Optional.empty(), Map.of(),
                Set.of(), Set.of(market.id()), Set.of(), Set.of("V1"));
        List<Decision> heard = new CopyOnWriteArrayList<>();
        Authorizer authz = Authorizer.audited(Authorizer.audited(new EmbeddedAuthorizer(EmbeddedPolicy.marketplaceExample()),
                DecisionListener.auditLog(cityOs, true)), (p, d) -> heard.add(d));

        authz.check(vendor, Resource.of("order", "O1", market.id()).with("vendor", "V1"), "read");
        authz.check(vendor, Resource.of("order", "O2", market.id()).with("vendor", "V2"), "read");

        assertThat(heard).extracting(Decision::allowed).containsExactly(true, false);
        List<AuditEntry> rows = cityOs.audit().query(f.ctx(market), AuditQuery.all()).stream()
                .filter(e -> e.entityType().equals("order")).toList();
        assertThat(rows).extracting(AuditEntry::action).containsOnly("authorize.read");
        assertThat(rows).extracting(e -> e.entityId().orElseThrow() + " " + e.outcome())
                .containsExactlyInAnyOrder("O1 APPLIED", "O2 REFUSED");
        assertThat(rows).extracting(AuditEntry::actor).containsOnly("user:vs");
    }
}
