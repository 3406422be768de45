package org.cityos.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.resolution.ApiKeyLookup;
import org.cityos.core.resolution.RequestView;
import org.cityos.core.resolution.Resolution;
import org.cityos.core.resolution.Strategy;
import org.cityos.core.resolution.TenantResolver;
import org.cityos.core.resolution.TokenTenantLookup;
import org.cityos.core.tenancy.Tenant;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** docs/tenancy.md: a resolver and a request view, resolving a request that came through a trusted proxy. */
class TenancySnippetsTest {
    private final TestClock clock = TestClock.at("2026-01-05T09:00:00Z");

    @BothDatabases
    void a_request_through_a_trusted_proxy_resolves_by_subdomain(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        Tenant market = DocsFixtures.tenant(cityOs, "riyadh-market");
        ApiKeyLookup apiKeyLookup = key -> Optional.empty();
        TokenTenantLookup tokenTenantLookup = token -> {
            throw new CityOsException(ErrorCode.UNAUTHENTICATED, "no token verifies in this test");
        };
        ServletRequest request = new ServletRequest("10.0.0.7", Map.of("Host", "lb.internal",
                "X-Forwarded-Host", "riyadh-market.cityos.example"));
        String requestId = "req-tenancy";

        TenantResolver resolver = TenantResolver.builder(cityOs)
                .baseDomains("cityos.example")             // riyadh-market.cityos.example -> tenant "riyadh-market"
                .trustedProxies("10.0.0.0/8", "fd00::/8")  // whose X-Forwarded-Host is believed
                .apiKeys(apiKeyLookup)                     // optional seams; the identity module provides real ones
                .tokens(tokenTenantLookup)
                .build();                                  // once, at start-up; share it

        RequestView view = RequestView.builder()
                .remoteAddress(request.getRemoteAddr())
                .host(request.getHeader("Host"))
                .header("X-Forwarded-Host", request.getHeader("X-Forwarded-Host"))
                .header("X-Api-Key", request.getHeader("X-Api-Key"))
                .header("Authorization", request.getHeader("Authorization"))
                .header("X-Tenant-Id", request.getHeader("X-Tenant-Id"))
                .build();

        try {
            Resolution r = resolver.resolve(view);
            TenantContext ctx = r.context(r.principal().orElse(Principal.user("anonymous"))).withRequestId(requestId);
            // r.store() and r.portal() are set when the host is a store's or portal's custom domain
        } catch (CityOsException e) {
            // e.code(): unknown_tenant -> 404, forbidden -> 403, unauthenticated -> 401, invalid_argument -> 400
        }

        Resolution again = resolver.resolve(view);
        assertThat(again.tenant()).isEqualTo(market.id());
        assertThat(again.signals()).containsExactly(Strategy.SUBDOMAIN);
    }
}
