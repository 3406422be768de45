package org.cityos.docs;

import java.util.Map;

import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.tenancy.Category;
import org.cityos.core.tenancy.NewTenant;
import org.cityos.core.tenancy.Scope;
import org.cityos.core.tenancy.ScopeKind;
import org.cityos.core.tenancy.Tenant;
import org.junit.jupiter.api.Assumptions;

/**
 * What a snippet takes for granted and does not show: a hierarchy and a tenant to act in. Snippet
 * classes call it before the cut, so the cut starts where the page does.
 */
final class DocsFixtures {
    /** The operator the fixtures act as. */
    static final Principal ADMIN = Principal.user("platform-admin", "admin");

    private DocsFixtures() {
    }

    /** SA > riyadh > food, and an active SAR tenant {@code handle} in Asia/Riyadh. */
    static Tenant tenant(CityOs cityOs, String handle) {
        return tenant(cityOs, handle, Map.of());
    }

    /** {@link #tenant(CityOs, String)} with tenant settings (such as the marketplace's {@code hold_days}). */
    static Tenant tenant(CityOs cityOs, String handle, Map<String, String> settings) {
        cityOs.tenancy().hierarchy().createCountry(ADMIN, "SA", "Saudi Arabia");
        Scope riyadh = cityOs.tenancy().hierarchy().createScope(ADMIN, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        Category food = cityOs.tenancy().hierarchy().createCategory(ADMIN, "food", "Food");
        return cityOs.tenancy().tenants().create(ADMIN, NewTenant.of(handle, "Riyadh Market", riyadh.id(), food.id(),
                "SAR").locale("ar-SA", "Asia/Riyadh").settings(settings));
    }

    /**
     * For snippets that register example hosts ({@code https://cms.example.com}), which the SSRF
     * guard resolves: surefire makes the JVM resolve names from {@code src/test/resources/hosts}
     * only; run elsewhere (an IDE without that flag) the test is skipped rather than sent to DNS.
     */
    static void assumeExampleHostsResolve() {
        Assumptions.assumeTrue(System.getProperty("jdk.net.hosts.file") != null,
                "run with -Djdk.net.hosts.file=src/test/resources/hosts (as Maven does)");
    }
}
