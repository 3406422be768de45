package org.cityos.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

class ChangeListenersTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    private final Principal admin = Principal.user("platform-admin", "admin");

    @BothDatabases
    void tenant_listeners_hear_of_creation_and_status_changes(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        List<TenantId> heard = new CopyOnWriteArrayList<>();
        cityOs.tenancy().tenants().onChange(heard::add);

        Tenant tenant = newTenant(cityOs, "riyadh-eats");
        cityOs.tenancy().tenants().setStatus(TenantContext.of(tenant.id(), admin), TenantStatus.SUSPENDED);

        assertThat(heard).containsExactly(tenant.id(), tenant.id());
    }

    @BothDatabases
    void changes_made_in_a_transaction_are_heard_after_it_commits_and_never_after_a_rollback(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        Tenant tenant = newTenant(cityOs, "riyadh-eats");
        TenantContext ctx = TenantContext.of(tenant.id(), admin);
        AtomicInteger domainChanges = new AtomicInteger();
        cityOs.tenancy().onDomainsChanged(domainChanges::incrementAndGet);

        cityOs.transaction(tx -> {
            tx.tenancy().stores().create(ctx, NewStore.of("burgers", "Burgers", "burgers.example.com"));
            tx.transaction(inner -> inner.tenancy().stores().create(ctx, NewStore.of("grill", "Grill", "grill.example.com")));
            assertThat(domainChanges).as("not before the commit").hasValue(0);
            return null;
        });
        assertThat(domainChanges).hasValue(2);

        assertThatThrownBy(() -> cityOs.transaction(tx -> {
            tx.tenancy().stores().create(ctx, NewStore.of("shawarma", "Shawarma", "shawarma.example.com"));
            throw new IllegalStateException("host failure");
        })).hasMessage("host failure");
        assertThat(domainChanges).hasValue(2);
    }

    @BothDatabases
    void a_failing_listener_does_not_fail_the_committed_change_nor_silence_the_others(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        Tenant tenant = newTenant(cityOs, "riyadh-eats");
        AtomicInteger heard = new AtomicInteger();
        cityOs.tenancy().onDomainsChanged(() -> {
            throw new IllegalStateException("broken listener");
        });
        cityOs.tenancy().onDomainsChanged(heard::incrementAndGet);

        Store store = cityOs.tenancy().stores().create(TenantContext.of(tenant.id(), admin),
                NewStore.of("burgers", "Burgers", "burgers.example.com"));

        assertThat(store.domains()).containsExactly("burgers.example.com");
        assertThat(heard).hasValue(1);
    }

    private Tenant newTenant(CityOs cityOs, String handle) {
        Tenancy t = cityOs.tenancy();
        t.hierarchy().createCountry(admin, "SA", "Saudi Arabia");
        Scope riyadh = t.hierarchy().createScope(admin, "SA", "riyadh", "Riyadh", ScopeKind.CITY);
        Category food = t.hierarchy().createCategory(admin, "food", "Food");
        return t.tenants().create(admin, NewTenant.of(handle, "Riyadh Eats", riyadh.id(), food.id(), "SAR"));
    }
}
