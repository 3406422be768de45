package org.cityos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Tenant;

class TenantBuilderTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    @BothDatabases
    void defaults_make_distinct_tenants_in_one_shared_hierarchy(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        TenantContext a = TenantBuilder.on(cityOs).create();
        TenantContext b = TenantBuilder.on(cityOs).create();

        Tenant ta = cityOs.tenancy().tenants().require(a.tenant());
        Tenant tb = cityOs.tenancy().tenants().require(b.tenant());
        assertThat(ta.handle()).startsWith("tenant-").isNotEqualTo(tb.handle());
        assertThat(ta.scope()).isEqualTo(tb.scope());
        assertThat(ta.category()).isEqualTo(tb.category());
        assertThat(ta.currency()).isEqualTo("SAR");
        assertThat(ta.timeZone()).isEqualTo("UTC");
        assertThat(cityOs.tenancy().hierarchy().scope("SA", "riyadh")).isPresent();
        assertThat(a.principal()).isEqualTo(TenantBuilder.PLATFORM_ADMIN);
    }

    @BothDatabases
    void what_a_test_names_is_what_the_tenant_gets(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        Principal owner = Principal.user("owner-1", "admin");
        Tenant t = TenantBuilder.on(cityOs).handle("dubai-souq").name("Dubai Souq").country("AE", "United Arab Emirates")
                .city("dubai").category("food").currency("AED").locale("ar-AE").zone("Asia/Dubai")
                .setting("hold_days", "0").setting("min_payout", "500").actingAs(owner).createTenant();

        assertThat(t.handle()).isEqualTo("dubai-souq");
        assertThat(t.name()).isEqualTo("Dubai Souq");
        assertThat(t.currency()).isEqualTo("AED");
        assertThat(t.locale()).isEqualTo("ar-AE");
        assertThat(t.timeZone()).isEqualTo("Asia/Dubai");
        assertThat(t.settings()).containsEntry("hold_days", "0").containsEntry("min_payout", "500");
        assertThat(cityOs.tenancy().hierarchy().scope(t.scope()).orElseThrow().handle()).isEqualTo("dubai");
        assertThat(cityOs.tenancy().hierarchy().category(t.category()).orElseThrow().handle()).isEqualTo("food");
    }

    @BothDatabases
    void a_bad_value_is_refused_by_the_real_service_and_makes_no_tenant(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        assertThatThrownBy(() -> TenantBuilder.on(cityOs).handle("bad-money").currency("SARX").create())
                .isInstanceOfSatisfying(CityOsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("SARX");
                });
        assertThat(cityOs.tenancy().tenants().byHandle("bad-money")).isEmpty();
        assertThat(cityOs.tenancy().tenants().list(PageRequest.first(10)).items()).isEmpty();
    }
}
