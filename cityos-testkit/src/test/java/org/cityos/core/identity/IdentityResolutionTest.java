package org.cityos.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Fixtures;
import org.cityos.core.TenantContext;
import org.cityos.core.identity.apikey.ApiKeys;
import org.cityos.core.identity.apikey.ApiScope;
import org.cityos.core.identity.apikey.IssuedApiKey;
import org.cityos.core.identity.apikey.NewApiKey;
import org.cityos.core.resolution.RequestView;
import org.cityos.core.resolution.Resolution;
import org.cityos.core.resolution.Strategy;
import org.cityos.core.resolution.TenantResolver;
import org.cityos.core.tenancy.NewStore;
import org.cityos.core.tenancy.Tenant;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.FakeIssuer;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** The JWT verifier and API keys plugged into tenant resolution, as a host wires them. */
class IdentityResolutionTest {
    private final TestClock clock = TestClock.at("2026-02-01T08:00:00Z");

    private CityOs cityOs;
    private Tenant market;
    private Tenant souq;
    private ApiKeys keys;

    private void given(TestDatabase db) {
        cityOs = db.cityOs(clock);
        Fixtures f = new Fixtures(cityOs);
        market = f.tenant("riyadh-market");
        souq = f.tenant("jeddah-souq");
        cityOs.tenancy().stores().create(f.ctx(market), NewStore.of("dates", "Dates", "dates.example.com"));
        cityOs.tenancy().stores().create(f.ctx(souq), NewStore.of("spices", "Spices", "spices.example.com"));
        keys = ApiKeys.create(cityOs);
    }

    private static RequestView request(String host, String header, String value) {
        return RequestView.builder().remoteAddress("203.0.113.9").host(host).header(header, value).build();
    }

    private static void assertCode(Runnable r, ErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @BothDatabases
    void anApiKeyNamesItsTenantAndAnotherTenantsKeyIsRefusedOnThisTenantsDomain(TestDatabase db) {
        given(db);
        IssuedApiKey marketKey = keys.issue(TenantContext.of(market.id(), Fixtures.ADMIN), NewApiKey.of("pos", ApiScope.read("order")));
        TenantResolver resolver = TenantResolver.builder(cityOs).apiKeys(keys).build();

        Resolution ok = resolver.resolve(request("dates.example.com", "X-Api-Key", marketKey.secret()));
        assertThat(ok.tenant()).isEqualTo(market.id());
        assertThat(ok.signals()).containsExactly(Strategy.CUSTOM_DOMAIN, Strategy.API_KEY);
        assertThat(ok.principal()).hasValueSatisfying(p -> assertThat(p.scopes()).containsExactly("order:read"));

        assertCode(() -> resolver.resolve(request("spices.example.com", "X-Api-Key", marketKey.secret())),
                ErrorCode.FORBIDDEN);
        String typo = marketKey.secret().substring(0, 70) + (marketKey.secret().charAt(70) == 'a' ? 'b' : 'a')
                + marketKey.secret().substring(71);
        assertCode(() -> resolver.resolve(request("dates.example.com", "X-Api-Key", typo)), ErrorCode.UNAUTHENTICATED);
        keys.revoke(TenantContext.of(market.id(), Fixtures.ADMIN), marketKey.key().id());
        assertCode(() -> resolver.resolve(request("dates.example.com", "X-Api-Key", marketKey.secret())),
                ErrorCode.UNAUTHENTICATED);
    }

    @BothDatabases
    void aTokenForTenantAIsRefusedOnTenantBsHost(TestDatabase db) {
        given(db);
        try (FakeIssuer idp = FakeIssuer.start("cityos", clock);
             JwtVerifier jwt = JwtVerifier.builder().clock(clock)
                     .issuer(Issuer.keycloak(idp.issuer()).audiences("cityos-api").build()).build()) {
            TenantResolver resolver = TenantResolver.builder(cityOs).baseDomains("cityos.example").tokens(jwt).build();
            String token = idp.accessToken("alice").audience("cityos-api").claim("tenant_id", market.id().toString()).sign();

            Resolution r = resolver.resolve(request("riyadh-market.cityos.example", "Authorization", "Bearer " + token));
            assertThat(r.tenant()).isEqualTo(market.id());
            // the principal of the token the resolver verified: the host need not verify it again
            assertThat(r.principal()).hasValueSatisfying(p -> {
                assertThat(p.subject()).isEqualTo("alice");
                assertThat(p.tenants()).containsExactly(market.id());
            });
            assertCode(() -> resolver.resolve(request("jeddah-souq.cityos.example", "Authorization", "Bearer " + token)),
                    ErrorCode.FORBIDDEN);
            assertCode(() -> resolver.resolve(request("spices.example.com", "Authorization", "Bearer " + token)),
                    ErrorCode.FORBIDDEN);
            String forged = token.substring(0, token.length() - 4) + "AAAA";
            assertCode(() -> resolver.resolve(request("riyadh-market.cityos.example", "Authorization", "Bearer " + forged)),
                    ErrorCode.UNAUTHENTICATED);
        }
    }
}
