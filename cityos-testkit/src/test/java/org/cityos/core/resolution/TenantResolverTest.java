package org.cityos.core.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewPortal;
import org.cityos.core.tenancy.NewStore;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Portal;
import org.cityos.core.tenancy.PortalKind;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Store;
import org.cityos.core.tenancy.StoreChange;
import org.cityos.core.tenancy.Tenancy;
import org.cityos.core.tenancy.Tenant;
import org.cityos.core.tenancy.TenantStatus;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

class TenantResolverTest {
    private static final String CLIENT = "203.0.113.9";
    private static final String PROXY = "10.1.2.3";

    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    private final Principal admin = Principal.user("platform-admin", "admin");

    private CityOs cityOs;
    private Tenant market;
    private Tenant souq;
    private Store dates;
    private Portal shop;

    /** Two tenants: riyadh-market (store "dates" on dates.example.com, portal on shop.example.com) and jeddah-souq. */
    private void given(TestDatabase db) {
        cityOs = db.cityOs(clock);
        Tenancy t = cityOs.tenancy();
        t.hierarchy().createCountry(admin, "SA", "Saudi Arabia");
        Scope riyadh = t.hierarchy().createScope(admin, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        Category retail = t.hierarchy().createCategory(admin, "retail", "Retail");
        market = t.tenants().create(admin, NewTenant.of("riyadh-market", "Riyadh Market", riyadh.id(), retail.id(), "SAR"));
        souq = t.tenants().create(admin, NewTenant.of("jeddah-souq", "Jeddah Souq", riyadh.id(), retail.id(), "SAR"));
        TenantContext ctx = TenantContext.of(market.id(), admin);
        dates = t.stores().create(ctx, NewStore.of("dates", "Dates & Co", "dates.example.com"));
        shop = t.portals().create(ctx, NewPortal.of(PortalKind.STOREFRONT, "shop", "Storefront", "shop.example.com")
                .store(dates.id()));
        t.stores().create(TenantContext.of(souq.id(), admin), NewStore.of("spices", "Spices", "spices.example.com"));
    }

    private TenantResolver.Builder resolver() {
        return TenantResolver.builder(cityOs).baseDomains("cityos.example").trustedProxies("10.0.0.0/8", "fd00::/8")
                .apiKeys(key -> Optional.ofNullable(Map.of(
                        "key-market", new ApiKeyLookup.Match(market.id(), Principal.apiKey("k-market", "orders")),
                        "key-souq", new ApiKeyLookup.Match(souq.id(), Principal.apiKey("k-souq"))).get(key)))
                .tokens(token -> {
                    if (token.equals("forged")) {
                        throw new CityOsException(ErrorCode.UNAUTHENTICATED, "bearer token signature is invalid");
                    }
                    // any other token verifies; a platform operator's names no tenant
                    TenantId claim = Map.of("jwt-market", market.id(), "jwt-souq", souq.id()).get(token);
                    return Principal.user("u-" + token).withMemberships(claim == null ? Set.of() : Set.of(claim),
                            Set.of(), Set.of());
                });
    }

    private static RequestView host(String host) {
        return RequestView.builder().remoteAddress(CLIENT).host(host).build();
    }

    private static Consumer<CityOsException> code(ErrorCode code) {
        return e -> assertThat(e.code()).isEqualTo(code);
    }

    private static void fails(ThrowingCallable call, ErrorCode code, String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CityOsException.class, code(code))
                .hasMessageContainingAll(messageParts);
    }

    @BothDatabases
    void a_stores_custom_domain_names_its_tenant_and_store(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();

        Resolution r = resolver.resolve(host("Dates.Example.COM.:443"));

        assertThat(r.tenant()).isEqualTo(market.id());
        assertThat(r.store()).contains(dates.id());
        assertThat(r.portal()).isEmpty();
        assertThat(r.signals()).containsExactly(Strategy.CUSTOM_DOMAIN);
        assertThat(r.context(admin).store()).contains(dates.id());
    }

    @BothDatabases
    void a_portals_custom_domain_names_its_tenant_store_and_portal(TestDatabase db) {
        given(db);

        Resolution r = resolver().build().resolve(host("shop.example.com"));

        assertThat(r.tenant()).isEqualTo(market.id());
        assertThat(r.store()).contains(dates.id());
        assertThat(r.portal()).contains(shop.id());
    }

    @BothDatabases
    void a_subdomain_of_the_base_domain_names_the_tenant_with_that_handle(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();

        Resolution r = resolver.resolve(host("Riyadh-Market.CityOS.example:8080"));

        assertThat(r.tenant()).isEqualTo(market.id());
        assertThat(r.store()).isEmpty();
        assertThat(r.signals()).containsExactly(Strategy.SUBDOMAIN);
        assertThat(resolver.resolve(host("jeddah-souq.cityos.example.")).tenant()).isEqualTo(souq.id());
    }

    @BothDatabases
    void the_tenant_header_names_a_tenant_by_id_or_by_handle(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();

        Resolution byId = resolver.resolve(RequestView.builder().header("X-Tenant-Id", souq.id().toString()).build());
        Resolution byHandle = resolver.resolve(RequestView.builder().header("x-tenant-id", "Jeddah-Souq").build());

        assertThat(byId.tenant()).isEqualTo(souq.id());
        assertThat(byHandle.tenant()).isEqualTo(souq.id());
        assertThat(byHandle.signals()).containsExactly(Strategy.HEADER);
        fails(() -> resolver.resolve(RequestView.builder().header("X-Tenant-Id", "no-such-tenant").build()),
                ErrorCode.UNKNOWN_TENANT, "X-Tenant-Id", "'no-such-tenant'");
        fails(() -> resolver.resolve(RequestView.builder().header("X-Tenant-Id", "0190c5e2-0000-7000-8000-00000000000z").build()),
                ErrorCode.INVALID_ARGUMENT, "X-Tenant-Id", "is not a UUID");
        fails(() -> resolver.resolve(RequestView.builder().header("X-Tenant-Id", "bad handle!").build()),
                ErrorCode.INVALID_ARGUMENT, "X-Tenant-Id", "'bad handle!'");
        fails(() -> resolver.resolve(RequestView.builder().header("X-Tenant-Id", "riyadh-market")
                .header("X-Tenant-Id", "jeddah-souq").build()), ErrorCode.INVALID_ARGUMENT,
                "X-Tenant-Id has several different values", "'riyadh-market'", "'jeddah-souq'");
        fails(() -> resolver.resolve(RequestView.builder().header("X-Tenant-Id", " ").build()),
                ErrorCode.INVALID_ARGUMENT, "X-Tenant-Id is empty");
    }

    @BothDatabases
    void a_forwarded_host_from_an_untrusted_peer_is_ignored(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();

        // a client claims to have been forwarded for the market's domain while connecting to the souq's
        Resolution r = resolver.resolve(RequestView.builder().remoteAddress(CLIENT).host("spices.example.com")
                .header("X-Forwarded-Host", "dates.example.com").build());
        assertThat(r.tenant()).isEqualTo(souq.id());

        // and with no real host of its own, the spoofed one still counts for nothing
        fails(() -> resolver.resolve(RequestView.builder().remoteAddress(CLIENT)
                .header("X-Forwarded-Host", "dates.example.com").build()), ErrorCode.UNKNOWN_TENANT, "no host");
        // nor does a peer whose address is unknown or not an IP
        assertThat(resolver.resolve(RequestView.builder().remoteAddress("proxy.internal").host("spices.example.com")
                .header("X-Forwarded-Host", "dates.example.com").build()).tenant()).isEqualTo(souq.id());
    }

    @BothDatabases
    void a_forwarded_host_from_a_trusted_proxy_is_honoured(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();

        Resolution v4 = resolver.resolve(RequestView.builder().remoteAddress(PROXY).host("internal-lb:8080")
                .header("X-Forwarded-Host", "dates.example.com").build());
        Resolution v6 = resolver.resolve(RequestView.builder().remoteAddress("[fd00::17]").host("internal-lb")
                .header("X-Forwarded-Host", "jeddah-souq.cityos.example").build());
        // the trusted hop appended its value after what the client sent: the right-most one counts
        Resolution appended = resolver.resolve(RequestView.builder().remoteAddress(PROXY).host("internal-lb")
                .header("X-Forwarded-Host", "dates.example.com, spices.example.com").build());

        assertThat(v4.tenant()).isEqualTo(market.id());
        assertThat(v4.store()).contains(dates.id());
        assertThat(v6.tenant()).isEqualTo(souq.id());
        assertThat(appended.tenant()).isEqualTo(souq.id());
        fails(() -> resolver.resolve(RequestView.builder().remoteAddress(PROXY).host("internal-lb")
                .header("X-Forwarded-Host", "*.example.com").build()), ErrorCode.INVALID_ARGUMENT,
                "X-Forwarded-Host '*.example.com' is a wildcard");
        fails(() -> resolver.resolve(RequestView.builder().remoteAddress(PROXY).host("internal-lb")
                .header("X-Forwarded-Host", "nowhere.example.org").build()), ErrorCode.UNKNOWN_TENANT,
                "'nowhere.example.org' (from X-Forwarded-Host)");
    }

    @BothDatabases
    void signals_that_name_different_tenants_are_forbidden(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();

        fails(() -> resolver.resolve(RequestView.builder().host("dates.example.com").header("X-Tenant-Id", "jeddah-souq").build()),
                ErrorCode.FORBIDDEN, "custom domain 'dates.example.com' names tenant 'riyadh-market'",
                "header X-Tenant-Id 'jeddah-souq' names tenant 'jeddah-souq'");
        fails(() -> resolver.resolve(RequestView.builder().host("dates.example.com").header("X-Api-Key", "key-souq").build()),
                ErrorCode.FORBIDDEN, "custom domain 'dates.example.com'", "the API key in header X-Api-Key names tenant 'jeddah-souq'");
        fails(() -> resolver.resolve(RequestView.builder().header("X-Api-Key", "key-market").header("X-Tenant-Id", "jeddah-souq").build()),
                ErrorCode.FORBIDDEN, "API key", "X-Tenant-Id");
        fails(() -> resolver.resolve(RequestView.builder().host("jeddah-souq.cityos.example")
                .header("Authorization", "Bearer jwt-market").build()), ErrorCode.FORBIDDEN, "subdomain", "bearer token");
    }

    @BothDatabases
    void signals_that_agree_are_all_reported_in_the_configured_order(TestDatabase db) {
        given(db);
        RequestView request = RequestView.builder().host("shop.example.com").header("X-Api-Key", "key-market")
                .header("X-Tenant-Id", market.id().toString()).build();
        RequestView withToken = RequestView.builder().host("shop.example.com").header("Authorization", "Bearer jwt-market")
                .header("X-Tenant-Id", market.id().toString()).build();

        Resolution byDefault = resolver().build().resolve(request);
        Resolution reordered = resolver().order(Strategy.HEADER, Strategy.API_KEY, Strategy.CUSTOM_DOMAIN).build()
                .resolve(request);
        Resolution byToken = resolver().build().resolve(withToken);

        assertThat(byDefault.signals()).containsExactly(Strategy.CUSTOM_DOMAIN, Strategy.API_KEY, Strategy.HEADER);
        assertThat(byDefault.principal()).contains(Principal.apiKey("k-market", "orders"));
        assertThat(byDefault.portal()).contains(shop.id());
        assertThat(reordered.signals()).containsExactly(Strategy.HEADER, Strategy.API_KEY, Strategy.CUSTOM_DOMAIN);
        assertThat(reordered.portal()).contains(shop.id());
        assertThat(byToken.signals()).containsExactly(Strategy.CUSTOM_DOMAIN, Strategy.JWT_CLAIM, Strategy.HEADER);
        assertThat(byToken.principal()).hasValueSatisfying(p -> assertThat(p.subject()).isEqualTo("u-jwt-market"));
    }

    @BothDatabases
    void an_api_key_and_a_bearer_token_together_are_refused_before_either_is_checked(TestDatabase db) {
        given(db);
        List<String> verified = new ArrayList<>();
        List<String> looked = new ArrayList<>();
        TenantResolver resolver = TenantResolver.builder(cityOs)
                .apiKeys(key -> {
                    looked.add(key);
                    return Optional.of(new ApiKeyLookup.Match(market.id(), Principal.apiKey("k-market")));
                })
                .tokens(token -> {
                    verified.add(token);
                    return Principal.user("ana").withMemberships(Set.of(market.id()), Set.of(), Set.of());
                }).build();

        fails(() -> resolver.resolve(RequestView.builder().host("dates.example.com").header("X-Api-Key", "key-market")
                .header("Authorization", "Bearer jwt-market").build()), ErrorCode.INVALID_ARGUMENT,
                "X-Api-Key and Authorization", "send one of them");
        assertThat(verified).isEmpty();
        assertThat(looked).isEmpty();
        // another scheme than Bearer is no token: the key alone acts
        assertThat(resolver.resolve(RequestView.builder().header("X-Api-Key", "key-market")
                .header("Authorization", "Basic dXNlcjpwdw==").build()).principal())
                .contains(Principal.apiKey("k-market"));
    }

    @BothDatabases
    void a_bearer_token_is_verified_once_and_its_principal_is_the_resolutions(TestDatabase db) {
        given(db);
        List<String> verified = new ArrayList<>();
        Principal ana = Principal.user("ana", "tenant_admin").withMemberships(Set.of(market.id()), Set.of(), Set.of());
        Principal op = Principal.user("op", "platform_admin");
        TenantResolver resolver = TenantResolver.builder(cityOs).baseDomains("cityos.example").tokens(token -> {
            verified.add(token);
            return token.equals("ana") ? ana : op;
        }).build();

        Resolution r = resolver.resolve(RequestView.builder().host("riyadh-market.cityos.example")
                .header("Authorization", "Bearer ana").build());

        assertThat(r.tenant()).isEqualTo(market.id());
        assertThat(r.signals()).containsExactly(Strategy.SUBDOMAIN, Strategy.JWT_CLAIM);
        assertThat(r.principal()).containsSame(ana);
        assertThat(verified).containsExactly("ana");
        // a token naming no tenant gives no signal, and still its principal
        Resolution platform = resolver.resolve(RequestView.builder().host("jeddah-souq.cityos.example")
                .header("Authorization", "Bearer op").build());
        assertThat(platform.signals()).containsExactly(Strategy.SUBDOMAIN);
        assertThat(platform.principal()).containsSame(op);
        assertThat(verified).containsExactly("ana", "op");
    }

    @Test
    void a_bad_bearer_token_is_refused_before_anything_is_looked_up() {
        CityOs closed = CityOs.embedded(clock);
        TenantResolver resolver = TenantResolver.builder(closed).baseDomains("cityos.example")
                .apiKeys(key -> {
                    throw new AssertionError("no key is looked up");
                })
                .tokens(token -> {
                    throw new CityOsException(ErrorCode.UNAUTHENTICATED, "bearer token refused: expired");
                }).build();
        closed.close(); // any lookup of a host, handle or tenant would now fail

        for (String host : List.of("riyadh-market.cityos.example", "nobody.cityos.example", "shop.example.com")) {
            fails(() -> resolver.resolve(RequestView.builder().host(host).header("Authorization", "Bearer expired")
                    .header("X-Tenant-Id", "riyadh-market").build()), ErrorCode.UNAUTHENTICATED, "expired");
        }
    }

    @BothDatabases
    void strategies_left_out_of_the_order_are_not_consulted(TestDatabase db) {
        given(db);
        TenantResolver headerOnly = resolver().order(Strategy.HEADER).build();

        // the host would disagree, but this resolver does not read hosts
        Resolution r = headerOnly.resolve(RequestView.builder().host("dates.example.com").header("X-Tenant-Id", "jeddah-souq").build());

        assertThat(r.tenant()).isEqualTo(souq.id());
        fails(() -> headerOnly.resolve(host("dates.example.com")), ErrorCode.UNKNOWN_TENANT,
                "nothing in the request names a tenant", "checked: tenant header");
    }

    @BothDatabases
    void the_apex_www_and_ip_hosts_name_no_tenant(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();

        fails(() -> resolver.resolve(host("cityos.example")), ErrorCode.UNKNOWN_TENANT,
                "host 'cityos.example' is the platform apex, not a tenant");
        fails(() -> resolver.resolve(host("WWW.cityos.example.")), ErrorCode.UNKNOWN_TENANT,
                "host 'www.cityos.example' is a platform host under 'cityos.example', not a tenant");
        fails(() -> resolver.resolve(host("10.0.0.7:8080")), ErrorCode.UNKNOWN_TENANT,
                "host '10.0.0.7' is an IP address, which names no tenant");
        fails(() -> resolver.resolve(host("[2001:db8::1]")), ErrorCode.UNKNOWN_TENANT,
                "host '[2001:db8::1]' is an IP address");
    }

    @BothDatabases
    void on_a_host_that_names_no_tenant_another_signal_still_can(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();

        Resolution onApex = resolver.resolve(RequestView.builder().host("cityos.example").header("X-Api-Key", "key-souq").build());
        Resolution onIp = resolver.resolve(RequestView.builder().host("10.0.0.7").header("X-Tenant-Id", "riyadh-market").build());

        assertThat(onApex.tenant()).isEqualTo(souq.id());
        assertThat(onApex.signals()).containsExactly(Strategy.API_KEY);
        assertThat(onIp.tenant()).isEqualTo(market.id());
    }

    @BothDatabases
    void unknown_hosts_and_handles_are_unknown_tenants(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();

        fails(() -> resolver.resolve(host("nowhere.example.org")), ErrorCode.UNKNOWN_TENANT,
                "no tenant for host 'nowhere.example.org'", "checked: custom domain, subdomain, API key, bearer token, tenant header");
        fails(() -> resolver.resolve(host("no-such-tenant.cityos.example")), ErrorCode.UNKNOWN_TENANT,
                "no tenant has handle 'no-such-tenant'", "'no-such-tenant.cityos.example'");
        // a wrong subdomain is an error in itself: a valid key does not paper over it
        fails(() -> resolver.resolve(RequestView.builder().host("no-such-tenant.cityos.example")
                .header("X-Api-Key", "key-market").build()), ErrorCode.UNKNOWN_TENANT, "'no-such-tenant'");
        fails(() -> resolver.resolve(host("shop.riyadh-market.cityos.example")), ErrorCode.UNKNOWN_TENANT,
                "is not a tenant subdomain of 'cityos.example'");
        fails(() -> resolver.resolve(RequestView.builder().build()), ErrorCode.UNKNOWN_TENANT,
                "the request has no host, and nothing else in it names a tenant");
    }

    @BothDatabases
    void malformed_hosts_are_invalid_arguments_naming_the_value(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();
        String longLabel = "a".repeat(64);

        fails(() -> resolver.resolve(host("*.cityos.example")), ErrorCode.INVALID_ARGUMENT,
                "host '*.cityos.example' is a wildcard");
        fails(() -> resolver.resolve(host(longLabel + ".cityos.example")), ErrorCode.INVALID_ARGUMENT,
                longLabel, "has a label longer than 63 characters");
        fails(() -> resolver.resolve(host("dates..example.com")), ErrorCode.INVALID_ARGUMENT,
                "'dates..example.com' has an empty label");
        fails(() -> resolver.resolve(RequestView.builder().host("dates.example.com\r\nX-Evil: 1").build()),
                ErrorCode.INVALID_ARGUMENT, "\\r\\n");
        // even when another signal is valid: a malformed host is a broken request
        fails(() -> resolver.resolve(RequestView.builder().host("bad_host.example").header("X-Api-Key", "key-market").build()),
                ErrorCode.INVALID_ARGUMENT, "'bad_host.example'");
    }

    @BothDatabases
    void credentials_that_do_not_check_out_are_unauthenticated_and_never_echoed(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();

        assertThatThrownBy(() -> resolver.resolve(RequestView.builder().header("X-Api-Key", "sk_live_secret").build()))
                .isInstanceOfSatisfying(CityOsException.class, code(ErrorCode.UNAUTHENTICATED))
                .hasMessageContaining("X-Api-Key").hasMessageNotContaining("sk_live_secret");
        assertThatThrownBy(() -> resolver.resolve(RequestView.builder().header("X-Api-Key", "sk_1")
                .header("X-Api-Key", "sk_2").build()))
                .isInstanceOfSatisfying(CityOsException.class, code(ErrorCode.INVALID_ARGUMENT))
                .hasMessageNotContainingAny("sk_1", "sk_2");
        fails(() -> resolver.resolve(RequestView.builder().header("Authorization", "Bearer forged").build()),
                ErrorCode.UNAUTHENTICATED, "signature is invalid");
        fails(() -> resolver.resolve(RequestView.builder().header("Authorization", "Bearer  ").build()),
                ErrorCode.UNAUTHENTICATED, "empty bearer token");
    }

    @BothDatabases
    void a_bearer_token_names_a_tenant_through_its_claim_and_other_schemes_are_not_signals(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();

        Resolution r = resolver.resolve(RequestView.builder().header("authorization", "bearer jwt-souq").build());

        assertThat(r.tenant()).isEqualTo(souq.id());
        assertThat(r.signals()).containsExactly(Strategy.JWT_CLAIM);
        // a platform operator's token names no tenant: the host decides
        assertThat(resolver.resolve(RequestView.builder().host("dates.example.com")
                .header("Authorization", "Bearer operator-token").build()).signals()).containsExactly(Strategy.CUSTOM_DOMAIN);
        fails(() -> resolver.resolve(RequestView.builder().header("Authorization", "Basic dXNlcjpwdw==").build()),
                ErrorCode.UNKNOWN_TENANT, "nothing else");
    }

    @BothDatabases
    void a_seam_naming_a_tenant_that_does_not_exist_is_an_unknown_tenant(TestDatabase db) {
        given(db);
        TenantId ghost = TenantId.parse("0190c5e2-0000-7000-8000-000000000001");
        TenantResolver resolver = TenantResolver.builder(cityOs)
                .apiKeys(key -> Optional.of(new ApiKeyLookup.Match(ghost, Principal.apiKey("k-ghost")))).build();

        fails(() -> resolver.resolve(RequestView.builder().header("X-Api-Key", "k").build()), ErrorCode.UNKNOWN_TENANT,
                "the API key in header X-Api-Key names tenant '" + ghost + "', which does not exist");
    }

    @BothDatabases
    void a_tenant_that_is_not_active_is_forbidden(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();
        cityOs.tenancy().tenants().setStatus(TenantContext.of(souq.id(), admin), TenantStatus.SUSPENDED);

        fails(() -> resolver.resolve(host("spices.example.com")), ErrorCode.FORBIDDEN,
                "tenant 'jeddah-souq' is suspended", "custom domain 'spices.example.com'");
    }

    @BothDatabases
    void a_cached_route_is_dropped_when_a_stores_domains_change(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();
        TenantContext ctx = TenantContext.of(market.id(), admin);
        assertThat(resolver.resolve(host("dates.example.com")).store()).contains(dates.id());
        fails(() -> resolver.resolve(host("dates.example.org")), ErrorCode.UNKNOWN_TENANT, "dates.example.org");

        cityOs.tenancy().stores().update(ctx, dates.id(), StoreChange.none().domains("dates.example.org"));

        fails(() -> resolver.resolve(host("dates.example.com")), ErrorCode.UNKNOWN_TENANT, "dates.example.com");
        assertThat(resolver.resolve(host("dates.example.org")).store()).contains(dates.id());

        // changes made in a transaction are heard once it commits
        cityOs.transaction(tx -> tx.tenancy().stores().update(ctx, dates.id(), StoreChange.none().domains("dates.example.net")));
        fails(() -> resolver.resolve(host("dates.example.org")), ErrorCode.UNKNOWN_TENANT, "dates.example.org");
        assertThat(resolver.resolve(host("dates.example.net")).tenant()).isEqualTo(market.id());
    }

    @BothDatabases
    void a_cached_tenant_is_dropped_when_it_is_suspended_or_created(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().build();
        assertThat(resolver.resolve(host("jeddah-souq.cityos.example")).tenant()).isEqualTo(souq.id());
        assertThat(resolver.resolve(host("spices.example.com")).tenant()).isEqualTo(souq.id());
        fails(() -> resolver.resolve(host("dammam-mall.cityos.example")), ErrorCode.UNKNOWN_TENANT, "'dammam-mall'");

        cityOs.tenancy().tenants().setStatus(TenantContext.of(souq.id(), admin), TenantStatus.SUSPENDED);
        Tenant mall = cityOs.tenancy().tenants().create(admin, NewTenant.of("dammam-mall", "Dammam Mall", market.scope(),
                market.category(), "SAR"));

        fails(() -> resolver.resolve(host("jeddah-souq.cityos.example")), ErrorCode.FORBIDDEN, "is suspended");
        fails(() -> resolver.resolve(host("spices.example.com")), ErrorCode.FORBIDDEN, "is suspended");
        assertThat(resolver.resolve(host("dammam-mall.cityos.example")).tenant()).isEqualTo(mall.id());
    }

    @BothDatabases
    void another_nodes_change_is_seen_once_the_cache_time_to_live_has_passed(TestDatabase db) {
        given(db);
        TenantResolver resolver = resolver().cacheTtl(Duration.ofSeconds(30)).build();
        assertThat(resolver.resolve(host("dates.example.com")).tenant()).isEqualTo(market.id());

        // a second instance on the same database, as another JVM would be: this resolver hears nothing of it
        CityOs otherNode = db.cityOs(clock);
        otherNode.tenancy().stores().update(TenantContext.of(market.id(), admin), dates.id(),
                StoreChange.none().domains("dates.example.org"));

        assertThat(resolver.resolve(host("dates.example.com")).tenant()).as("still cached").isEqualTo(market.id());
        clock.advance(Duration.ofSeconds(30));
        fails(() -> resolver.resolve(host("dates.example.com")), ErrorCode.UNKNOWN_TENANT, "dates.example.com");
    }
}
