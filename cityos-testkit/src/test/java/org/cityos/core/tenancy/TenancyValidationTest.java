package org.cityos.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Fixtures;
import org.cityos.core.PageRequest;
import org.cityos.core.StoreId;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.audit.AuditQuery;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.function.Executable;

/** Bad input gets a typed error naming the value, and nothing is written. */
class TenancyValidationTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    private static void assertError(ErrorCode code, String mentions, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(code)).hasMessageContaining(mentions);
    }

    @BothDatabases
    void hierarchy_input_is_checked(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        Hierarchy h = f.cityOs.tenancy().hierarchy();
        assertError(ErrorCode.INVALID_ARGUMENT, "'XX'", () -> h.createCountry(Fixtures.ADMIN, "XX", "Nowhere"));
        assertError(ErrorCode.INVALID_ARGUMENT, "'sa'", () -> h.createCountry(Fixtures.ADMIN, "sa", "lower case"));
        assertError(ErrorCode.CONFLICT, "SA", () -> h.createCountry(Fixtures.ADMIN, "SA", "Again"));
        assertError(ErrorCode.NOT_FOUND, "'AE'", () -> h.createScope(Fixtures.ADMIN, "AE", "dubai", "Dubai", ScopeKind.CITY));
        assertError(ErrorCode.CONFLICT, "riyadh", () -> h.createScope(Fixtures.ADMIN, "SA", "riyadh", "Riyadh", ScopeKind.CITY));
        assertError(ErrorCode.INVALID_ARGUMENT, "'Bad Handle'", () -> h.createCategory(Fixtures.ADMIN, "Bad Handle", "x"));
        assertError(ErrorCode.NOT_FOUND, "category", () -> h.createSubcategory(Fixtures.ADMIN,
                new CategoryId(UUID.randomUUID()), "sub", "Sub"));
        assertThat(h.countries(PageRequest.first(10)).items()).extracting(Country::code).containsExactly("SA");
        assertThat(h.scopes("SA", PageRequest.first(10)).items()).hasSize(1);
    }

    @BothDatabases
    void tenant_input_is_checked(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        Tenants tenants = f.cityOs.tenancy().tenants();
        NewTenant good = NewTenant.of("t1", "T1", f.city.id(), f.category.id(), "SAR");
        assertError(ErrorCode.INVALID_ARGUMENT, "'XYZ'", () -> tenants.create(Fixtures.ADMIN,
                NewTenant.of("t1", "T1", f.city.id(), f.category.id(), "XYZ")));
        assertError(ErrorCode.INVALID_ARGUMENT, "'Mars/Olympus'", () -> tenants.create(Fixtures.ADMIN,
                good.locale("en", "Mars/Olympus")));
        assertError(ErrorCode.NOT_FOUND, "scope", () -> tenants.create(Fixtures.ADMIN,
                NewTenant.of("t1", "T1", new ScopeId(UUID.randomUUID()), f.category.id(), "SAR")));
        assertError(ErrorCode.INVALID_ARGUMENT, "'Bad Key'", () -> tenants.create(Fixtures.ADMIN,
                good.settings(Map.of("Bad Key", "1"))));
        assertThat(tenants.list(PageRequest.first(10)).items()).isEmpty();
        tenants.create(Fixtures.ADMIN, good);
        assertError(ErrorCode.CONFLICT, "t1", () -> tenants.create(Fixtures.ADMIN, good));
        assertThat(tenants.list(PageRequest.first(10)).items()).hasSize(1);
    }

    @BothDatabases
    void store_input_is_checked_and_nothing_is_written(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        TenantContext a = f.ctx(f.tenant("tenant-a"));
        TenantContext b = f.ctx(f.tenant("tenant-b"));
        Stores stores = f.cityOs.tenancy().stores();
        stores.create(a, NewStore.of("shop", "Shop", "shop.example.com"));
        int auditBefore = f.cityOs.audit().query(b, AuditQuery.all()).size();

        assertError(ErrorCode.CONFLICT, "shop.example.com", () -> stores.create(b, NewStore.of("other", "O", "SHOP.example.com.")));
        assertError(ErrorCode.INVALID_ARGUMENT, "'*.example.com'", () -> stores.create(b, NewStore.of("w", "W", "*.example.com")));
        assertError(ErrorCode.INVALID_ARGUMENT, "'10.0.0.1'", () -> stores.create(b, NewStore.of("ip", "IP", "10.0.0.1")));
        assertError(ErrorCode.INVALID_ARGUMENT, "'localhost'", () -> stores.create(b, NewStore.of("one", "One", "localhost")));
        assertError(ErrorCode.INVALID_ARGUMENT, "'-bad-.example.com'", () -> stores.create(b, NewStore.of("h", "H", "-bad-.example.com")));
        String longLabel = "a".repeat(64) + ".example.com";
        assertError(ErrorCode.INVALID_ARGUMENT, longLabel, () -> stores.create(b, NewStore.of("l", "L", longLabel)));
        assertError(ErrorCode.INVALID_ARGUMENT, "'UPPER'", () -> stores.create(b, NewStore.of("UPPER", "U")));
        assertError(ErrorCode.UNKNOWN_TENANT, "unknown tenant", () -> stores.create(
                TenantContext.of(new TenantId(UUID.randomUUID()), Fixtures.ADMIN), NewStore.of("x", "X")));
        assertError(ErrorCode.NOT_FOUND, "store", () -> stores.archive(b, new StoreId(UUID.randomUUID())));
        // a domain taken in the middle of the list leaves no partial write behind
        assertError(ErrorCode.CONFLICT, "shop.example.com", () -> stores.create(b,
                NewStore.of("multi", "M", "free.example.com", "shop.example.com")));

        assertThat(stores.list(b, PageRequest.first(10)).items()).isEmpty();
        assertThat(stores.create(b, NewStore.of("late", "Late", "free.example.com")).domains())
                .containsExactly("free.example.com");
        // the refused attempts were audited, nothing else
        assertThat(f.cityOs.audit().query(b, AuditQuery.all()).size()).isGreaterThan(auditBefore);
    }

    @BothDatabases
    void international_domains_are_stored_as_punycode(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        TenantContext a = f.ctx(f.tenant("tenant-a"));
        Store s = f.cityOs.tenancy().stores().create(a, NewStore.of("books", "Books", "Bücher.Example:8443"));
        assertThat(s.domains()).containsExactly("xn--bcher-kva.example");
    }
}
