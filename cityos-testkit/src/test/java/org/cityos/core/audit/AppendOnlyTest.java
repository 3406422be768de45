package org.cityos.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cityos.core.internal.db.Tables.AUDIT_LOG;

import org.cityos.core.CityOs;
import org.cityos.core.Fixtures;
import org.cityos.core.TenantContext;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** Audit rows cannot be changed or removed, even by a statement that passes the tenant guard. */
class AppendOnlyTest {
    @BothDatabases
    void audit_rows_are_append_only(TestDatabase db) {
        CityOs cityOs = db.cityOs(TestClock.at("2026-01-01T00:00:00Z"));
        Fixtures f = new Fixtures(cityOs);
        TenantContext ctx = f.ctx(f.tenant("t1"));
        int before = cityOs.db().<Integer>tenant(ctx, tx -> tx.fetchCount(AUDIT_LOG, AUDIT_LOG.TENANT_ID.eq(ctx.tenant().value())));
        assertThat(before).isPositive();
        assertThatThrownBy(() -> cityOs.db().tenant(ctx, tx -> tx.update(AUDIT_LOG).set(AUDIT_LOG.ACTOR, "x")
                .where(AUDIT_LOG.TENANT_ID.eq(ctx.tenant().value())).execute())).hasMessageContaining("append-only");
        assertThatThrownBy(() -> cityOs.db().tenant(ctx, tx -> tx.deleteFrom(AUDIT_LOG)
                .where(AUDIT_LOG.TENANT_ID.eq(ctx.tenant().value())).execute())).hasMessageContaining("append-only");
        assertThat(cityOs.db().<Integer>tenant(ctx, tx -> tx.fetchCount(AUDIT_LOG, AUDIT_LOG.TENANT_ID.eq(ctx.tenant().value()))))
                .isEqualTo(before);
    }
}
