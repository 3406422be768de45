package org.cityos.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityos.examples.http.HostFixture.bearer;
import static org.cityos.examples.http.HostFixture.hostOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.cityos.core.Principal;
import org.cityos.core.TenantId;
import org.cityos.core.identity.authz.Authorizer;
import org.cityos.core.identity.authz.CerbosAuthorizer;
import org.cityos.core.identity.authz.Check;
import org.cityos.core.identity.authz.Decision;
import org.cityos.core.identity.authz.EmbeddedAuthorizer;
import org.cityos.core.identity.authz.Resource;
import org.cityos.examples.http.HostFixture.Response;
import org.cityos.marketplace.portal.VendorAction;
import org.cityos.testkit.CerbosPdp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example's two policy forms agree: {@link ExamplePolicy#embedded()} and the shipped Cerbos
 * policies with the example's {@code payout.yaml}, asked every check the example's endpoints
 * and its vendor portal make, on a real PDP; and the host runs on Cerbos. The PDP binary must be installed already
 * (the testkit's tests install it; see the module's surefire settings): this test never downloads it.
 */
class CerbosPolicyParityTest {
    static final List<String> POLICIES = List.of("cerbos/policies/vendor.yaml", "cerbos/policies/order.yaml",
            "cerbos/policies/store.yaml", "cityos-http/cerbos/payout.yaml");
    static final TenantId T1 = new TenantId(UUID.fromString("11111111-1111-4111-8111-111111111111"));
    static final TenantId T2 = new TenantId(UUID.fromString("22222222-2222-4222-8222-222222222222"));
    /** Every (kind, action) the example's endpoints ask. */
    static final Map<String, List<String>> ASKED = Map.of(
            "vendor", List.of("read", "list", "create", "approve", "manage_members", "set_payout_account", "link_product"),
            "order", List.of("list", "fulfil", "create"),
            "payout", List.of("read", "list", ExamplePolicy.REQUEST_PAYOUT));

    @BeforeAll
    static void pdpInstalled() {
        Path home = Path.of(System.getProperty("cityos.cerbos.home", "target/cerbos"));
        assumeTrue(Files.isExecutable(home.resolve("node_modules/@cerbos/cerbos-linux-x64/cerbos-linux-x64")),
                "no Cerbos PDP installed at " + home.toAbsolutePath() + " (build cityos-testkit's tests first)");
    }

    private static Principal user(String subject, Set<String> roles, Set<String> vendors) {
        return new Principal(Principal.Kind.USER, subject, roles, Optional.empty(), Map.of(), Set.of(), Set.of(T1),
                Set.of(), vendors);
    }

    @Test
    void the_embedded_and_the_cerbos_policy_answer_every_check_of_the_example_alike() {
        Map<String, Principal> principals = new LinkedHashMap<>();
        principals.put("platform admin", new Principal(Principal.Kind.USER, "root", Set.of("platform_admin")));
        principals.put("tenant admin", user("ta", Set.of("tenant_admin"), Set.of()));
        principals.put("vendor of V1", user("vera", Set.of("vendor"), Set.of("V1")));
        principals.put("customer", user("cleo", Set.of("customer"), Set.of()));
        principals.put("no roles", user("nobody", Set.of(), Set.of("V1")));
        principals.put("key *:write", new Principal(Principal.Kind.API_KEY, "k1", Set.of("api_key"), Optional.empty(),
                Map.of(), Set.of("*:write"), Set.of(T1), Set.of(), Set.of()));
        principals.put("key of V1, payout:write", new Principal(Principal.Kind.API_KEY, "k2", Set.of("api_key"),
                Optional.empty(), Map.of(), Set.of("payout:write"), Set.of(T1), Set.of(), Set.of("V1")));
        List<Check> checks = new ArrayList<>();
        ASKED.forEach((kind, actions) -> {
            for (TenantId t : List.of(T1, T2)) {
                for (String vendor : List.of("V1", "V2")) {
                    for (String action : actions) {
                        checks.add(new Check(Resource.of(kind, "*", t).with("vendor", vendor), action));
                    }
                }
            }
        });
        // the vendor portal's own checks (VendorAccess.authorizedBy): the vendor, with the caller's member role
        for (TenantId t : List.of(T1, T2)) {
            for (String vendor : List.of("V1", "V2")) {
                for (String role : List.of("none", "staff", "admin", "owner")) {
                    for (VendorAction action : VendorAction.values()) {
                        checks.add(new Check(Resource.of("vendor", vendor, t).with("vendor", vendor)
                                .with("status", "active").with("member_role", role), action.wire()));
                    }
                }
            }
        }
        Authorizer embedded = new EmbeddedAuthorizer(ExamplePolicy.embedded());
        Authorizer cerbos = CerbosAuthorizer.builder(CerbosPdp.shared(POLICIES).url()).build();
        int allowed = 0;
        for (Map.Entry<String, Principal> p : principals.entrySet()) {
            List<Decision> e = embedded.checkAll(p.getValue(), checks);
            List<Decision> c = cerbos.checkAll(p.getValue(), checks);
            for (int i = 0; i < checks.size(); i++) {
                assertThat(c.get(i).allowed()).as("%s: %s %s", p.getKey(), checks.get(i), c.get(i).reason())
                        .isEqualTo(e.get(i).allowed());
                allowed += e.get(i).allowed() ? 1 : 0;
            }
        }
        assertThat(allowed).as("the table is not all denials").isBetween(10, principals.size() * checks.size() - 10);
        Check request = new Check(Resource.of("payout", "*", T1).with("vendor", "V1"), ExamplePolicy.REQUEST_PAYOUT);
        assertThat(cerbos.checkAll(principals.get("vendor of V1"), List.of(request)).get(0).allowed()).isTrue();
    }

    @Test
    void the_host_authorizes_through_cerbos() {
        String url = CerbosPdp.shared(POLICIES).url();
        try (HostFixture f = HostFixture.start(s -> s.cerbos(URI.create(url)))) {
            String vera = f.vendorToken("vera", f.alpha, f.dates);
            assertThat(f.get(hostOf(f.alpha), "/vendor/orders", "Authorization", bearer(vera)).status()).isEqualTo(200);
            assertThat(f.get(hostOf(f.alpha), "/vendor/orders?vendor=" + f.spices.id(), "Authorization", bearer(vera))
                    .status()).isEqualTo(403);
            // the example's payout rule lets her ask (not 403); the marketplace then refuses: no active account yet
            Response request = f.post(hostOf(f.alpha), "/vendor/payouts/requests", null, "Authorization", bearer(vera));
            assertThat(request.status()).as(request.toString()).isEqualTo(422);
            assertThat(request.code()).isEqualTo("invalid_transition");
            assertThat(f.post(hostOf(f.alpha), "/admin/vendors", "{\"handle\":\"figs\",\"name\":\"Figs\"}",
                    "Authorization", bearer(f.operatorToken(f.alpha))).status()).isEqualTo(201);
            assertThat(f.get(hostOf(f.alpha), "/admin/vendors", "Authorization", bearer(vera)).status()).isEqualTo(403);
        }
    }
}
