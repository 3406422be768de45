package org.cityos.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Fixtures;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.audit.AuditEntry;
import org.cityos.core.audit.AuditQuery;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** One tenant can never read, change or list another tenant's stores and portals. */
class TenancyIsolationTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    private static void assertNotFound(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @BothDatabases
    void another_tenants_stores_and_portals_are_invisible_and_untouchable(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        TenantContext a = f.ctx(f.tenant("tenant-a"));
        TenantContext b = f.ctx(f.tenant("tenant-b"));
        Tenancy t = f.cityOs.tenancy();
        Store storeA = t.stores().create(a, NewStore.of("shop", "A shop", "a.example.com"));
        Portal portalA = t.portals().create(a, NewPortal.of(PortalKind.ADMIN, "admin", "A admin").store(storeA.id()));
        t.stores().create(b, NewStore.of("shop", "B shop"));

        assertThat(t.stores().get(b, storeA.id())).isEmpty();
        assertNotFound(() -> t.stores().require(b, storeA.id()));
        assertNotFound(() -> t.stores().update(b, storeA.id(), StoreChange.none().name("hijacked").domains("evil.example.com")));
        assertNotFound(() -> t.stores().archive(b, storeA.id()));
        assertNotFound(() -> t.portals().require(b, portalA.id()));
        assertNotFound(() -> t.portals().rename(b, portalA.id(), "hijacked"));
        assertNotFound(() -> t.portals().archive(b, portalA.id()));
        // a portal of B cannot be tied to A's store
        assertNotFound(() -> t.portals().create(b, NewPortal.of(PortalKind.STOREFRONT, "x", "x").store(storeA.id())));

        assertThat(t.stores().list(b, PageRequest.first(50)).items()).extracting(Store::name).containsExactly("B shop");
        assertThat(t.portals().list(b, PageRequest.first(50)).items()).isEmpty();
        // A is unchanged
        assertThat(t.stores().require(a, storeA.id())).isEqualTo(storeA);
        assertThat(t.portals().require(a, portalA.id())).isEqualTo(portalA);
        // the refused attempts are in B's audit log, as refused
        List<AuditEntry> refused = f.cityOs.audit().query(b, AuditQuery.all().entity("store", storeA.id().toString()));
        assertThat(refused).extracting(AuditEntry::outcome).containsOnly(AuditEntry.Outcome.REFUSED).hasSize(2);
        assertThat(f.cityOs.audit().query(a, AuditQuery.all().entity("store", storeA.id().toString())))
                .extracting(AuditEntry::outcome).containsOnly(AuditEntry.Outcome.APPLIED);
    }

    @BothDatabases
    void keyset_pages_walk_a_tenants_stores_in_creation_order(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        TenantContext a = f.ctx(f.tenant("tenant-a"));
        TenantContext b = f.ctx(f.tenant("tenant-b"));
        for (int i = 0; i < 7; i++) {
            f.cityOs.tenancy().stores().create(a, NewStore.of("s" + i, "S" + i));
            f.cityOs.tenancy().stores().create(b, NewStore.of("s" + i, "B" + i));
        }
        var page1 = f.cityOs.tenancy().stores().list(a, PageRequest.first(3));
        var page2 = f.cityOs.tenancy().stores().list(a, PageRequest.first(3).after(page1.next().orElseThrow()));
        var page3 = f.cityOs.tenancy().stores().list(a, PageRequest.first(3).after(page2.next().orElseThrow()));
        assertThat(page1.items()).extracting(Store::handle).containsExactly("s0", "s1", "s2");
        assertThat(page2.items()).extracting(Store::handle).containsExactly("s3", "s4", "s5");
        assertThat(page3.items()).extracting(Store::handle).containsExactly("s6");
        assertThat(page3.next()).isEmpty();
    }
}
