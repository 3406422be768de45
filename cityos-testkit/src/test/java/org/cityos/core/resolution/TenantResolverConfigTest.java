package org.cityos.core.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TenantResolverConfigTest {
    private final CityOs cityOs = CityOs.embedded(TestClock.at("2026-01-01T00:00:00Z"));

    @AfterEach
    void close() {
        cityOs.close();
    }

    private void refused(UnaryOperator<TenantResolver.Builder> config, String... messageParts) {
        assertThatThrownBy(() -> config.apply(TenantResolver.builder(cityOs)).build())
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void the_default_order_has_every_strategy_whose_configuration_is_given() {
        assertThat(TenantResolver.builder(cityOs).build().order())
                .containsExactly(Strategy.CUSTOM_DOMAIN, Strategy.HEADER);
        assertThat(TenantResolver.builder(cityOs).baseDomains("cityos.example").apiKeys(k -> Optional.empty())
                .tokens(t -> Principal.user("someone")).build().order())
                .containsExactly(Strategy.CUSTOM_DOMAIN, Strategy.SUBDOMAIN, Strategy.API_KEY, Strategy.JWT_CLAIM,
                        Strategy.HEADER);
    }

    @Test
    void invalid_domains_and_proxies_are_refused_naming_the_setting_and_value() {
        refused(b -> b.baseDomains("*.cityos.example"), "baseDomains", "'*.cityos.example'");
        refused(b -> b.baseDomains("10.0.0.1"), "baseDomains", "'10.0.0.1'");
        refused(b -> b.platformSubdomains("www.api"), "platformSubdomains", "'www.api'");
        refused(b -> b.trustedProxies("proxy.internal"), "trustedProxies", "'proxy.internal'", "not resolved");
        refused(b -> b.trustedProxies("10.0.0.0/40"), "trustedProxies", "'10.0.0.0/40'", "prefix length");
    }

    @Test
    void an_order_that_cannot_work_is_refused() {
        refused(b -> b.order(), "order", "is empty");
        refused(b -> b.order(Strategy.HEADER, Strategy.HEADER), "order", "lists HEADER twice");
        refused(b -> b.order(Strategy.SUBDOMAIN), "order", "no baseDomains");
        refused(b -> b.order(Strategy.API_KEY), "order", "no apiKeys lookup");
        refused(b -> b.order(Strategy.JWT_CLAIM), "order", "no tokens lookup");
    }

    @Test
    void header_names_and_cache_settings_are_checked() {
        refused(b -> b.tenantHeader("X Tenant"), "tenantHeader", "'X Tenant'");
        refused(b -> b.apiKeyHeader("host"), "apiKeyHeader", "'host'");
        refused(b -> b.tenantHeader("X-Forwarded-Host"), "tenantHeader");
        refused(b -> b.apiKeyHeader("x-tenant-id"), "apiKeyHeader", "is also the tenantHeader");
        refused(b -> b.cacheSize(0), "cacheSize", "'0'");
        refused(b -> b.cacheTtl(Duration.ZERO), "cacheTtl", "'PT0S'");
    }
}
