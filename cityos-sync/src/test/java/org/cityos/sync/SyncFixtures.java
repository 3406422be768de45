package org.cityos.sync;

import org.cityos.core.CityOs;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.testkit.TenantBuilder;

/** Tenants (from the testkit's builder) and outbox events, for the sync module's tests. */
final class SyncFixtures {
    static final Principal ADMIN = Principal.user("platform-admin", "admin");
    final CityOs cityOs;

    SyncFixtures(CityOs cityOs) {
        this.cityOs = cityOs;
    }

    TenantContext tenant(String handle) {
        return TenantBuilder.on(cityOs).handle(handle).category("food").actingAs(ADMIN).create();
    }

    void publish(TenantContext ctx, String type, String aggregateId, Object payload) {
        cityOs.db().tenant(ctx, tx -> cityOs.events().publish(tx, ctx, type, "order", aggregateId, payload));
    }
}
