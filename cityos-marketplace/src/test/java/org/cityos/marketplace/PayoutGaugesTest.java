package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cityos.core.TenantContext;
import org.cityos.core.ops.Measurement;
import org.cityos.core.ops.Metric;
import org.cityos.core.ops.MetricsRecorder;
import org.cityos.core.ops.OperationsSnapshot;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.payout.ManualPayoutProvider;
import org.cityos.marketplace.payout.Payout;
import org.cityos.marketplace.payout.PayoutResult;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.DatabaseKind;
import org.cityos.testkit.TestDatabase;

/**
 * Payouts in flight are counted over every tenant (on PostgreSQL through the module's
 * SECURITY DEFINER function, which returns totals only and leaves the caller's tenant setting
 * as it was), and settled payouts are counted as they settle.
 */
class PayoutGaugesTest {
    private static final Map<String, String> PROCESSING = Map.of("status", "processing");

    /** Two tenants, each with one vendor paid out manually (the payout waits in processing). */
    private record World(Fixture f, TenantContext t1, TenantContext t2, List<String> counted) {
    }

    private static World world(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-03-01T00:00:00Z", new ManualPayoutProvider());
        List<String> counted = new CopyOnWriteArrayList<>();
        f.cityOs.operations().addRecorder(new MetricsRecorder() {
            @Override
            public void increment(Metric metric, Map<String, String> tags) {
                counted.add(metric.name() + tags);
            }
        });
        TenantContext t1 = f.tenant("t1", Map.of("hold_days", "7"));
        TenantContext t2 = f.tenant("t2", Map.of("hold_days", "7"));
        for (TenantContext ctx : List.of(t1, t2)) {
            Vendor v = f.activeVendor(ctx, "v");
            f.market.products().link(ctx, "p1", VendorRef.of(v.id()), Optional.empty());
            f.market.orders().place(ctx, NewOrder.of("secret-order-" + ctx.tenant(), NewOrderLine.of("a", "p1", 1, 12_345)));
            f.market.orders().fulfill(ctx, "secret-order-" + ctx.tenant(), VendorRef.of(v.id()), Shipment.none());
        }
        f.clock.advance(Duration.ofDays(7));
        f.market.payouts().run(t1);
        f.clock.advance(Duration.ofMinutes(10));
        f.market.payouts().run(t2);
        f.clock.advance(Duration.ofMinutes(50));
        return new World(f, t1, t2, counted);
    }

    @BothDatabases
    void payouts_in_flight_are_counted_over_every_tenant_with_the_oldest_age_and_no_tenant_data(TestDatabase db) {
        World w = world(db);
        OperationsSnapshot s = w.f.cityOs.operations().snapshot();
        assertThat(s.failedSources()).isEmpty();
        assertThat(s.value("cityos.payouts.inflight", PROCESSING)).hasValue(2);
        assertThat(s.value("cityos.payouts.inflight", Map.of("status", "pending"))).hasValue(0);
        assertThat(s.value("cityos.payouts.inflight.oldest.age", Map.of())).hasValue(3600);
        for (Measurement m : s.all("cityos.payouts.inflight")) {
            assertThat(m.tags().keySet()).containsExactly("status");
        }
        assertThat(s.measurements().toString()).doesNotContain(w.t1.tenant().toString(), w.t2.tenant().toString(),
                "secret-order", "12345", "11110");

        // settling one of them: one left in flight, one counted as paid
        Payout p = w.f.market.payouts().list(w.t1).get(0);
        w.f.market.payouts().settle(w.t1, p.id(), PayoutResult.paid("ref-1"));
        OperationsSnapshot after = w.f.cityOs.operations().snapshot();
        assertThat(after.value("cityos.payouts.inflight", PROCESSING)).hasValue(1);
        assertThat(after.value("cityos.payouts.inflight.oldest.age", Map.of())).hasValue(3000);
        assertThat(w.counted).containsExactly("cityos.payouts.settled{status=paid}");
    }

    @BothDatabases
    void a_settlement_rolled_back_with_its_transaction_is_not_counted(TestDatabase db) {
        World w = world(db);
        Payout p = w.f.market.payouts().list(w.t2).get(0);
        try {
            w.f.cityOs.transaction(tx -> {
                w.f.market.joining(tx).payouts().settle(w.t2, p.id(), PayoutResult.failed("account closed"));
                throw new IllegalStateException("host changed its mind");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(w.counted).isEmpty();
        assertThat(w.f.cityOs.operations().snapshot().value("cityos.payouts.inflight", PROCESSING)).hasValue(2);
        w.f.cityOs.transaction(tx -> w.f.market.joining(tx).payouts().settle(w.t2, p.id(), PayoutResult.failed("closed")));
        assertThat(w.counted).containsExactly("cityos.payouts.settled{status=failed}");
    }

    @BothDatabases
    void on_postgresql_only_the_function_counts_across_tenants_and_it_leaves_the_callers_tenant_as_it_was(
            TestDatabase db) throws Exception {
        World w = world(db);
        // the application role itself sees no payout without a tenant (row-level security) on
        // PostgreSQL; H2 has no such wall, so there the unguarded count sees both
        Integer direct = w.f.cityOs.db().unguarded(tx -> tx.fetchOne("select count(*) from mkt_payout").get(0, Integer.class));
        assertThat(direct).isEqualTo(db.kind() == DatabaseKind.POSTGRES ? 0 : 2);
        if (db.kind() != DatabaseKind.POSTGRES) {
            return;
        }
        // inside a tenant's transaction the function counts everyone, then t1's scope is back:
        // the next statement still sees t1's rows only
        String after = w.f.cityOs.db().tenant(w.t1, tx -> {
            assertThat(tx.fetchOne("select processing_count from cityos_ops_mkt_payouts()").get(0, Long.class)).isEqualTo(2);
            return tx.fetchOne("select current_setting('cityos.tenant_id', true)").get(0, String.class);
        });
        assertThat(after).isEqualTo(w.t1.tenant().toString());
        assertThat(w.f.market.payouts().list(w.t1)).hasSize(1);

        // the function does not rely on a superuser owner: owned by a plain role that row-level
        // security binds, it still counts every tenant, one tenant at a time
        try (Connection c = db.ownerDataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cityos_ops_owner') THEN "
                    + "CREATE ROLE cityos_ops_owner NOLOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$");
            st.execute("GRANT USAGE ON SCHEMA public TO cityos_ops_owner");
            st.execute("GRANT SELECT ON tenant, mkt_payout TO cityos_ops_owner");
            st.execute("ALTER FUNCTION cityos_ops_mkt_payouts() OWNER TO cityos_ops_owner");
        }
        assertThat(w.f.cityOs.operations().snapshot().value("cityos.payouts.inflight", PROCESSING)).hasValue(2);
    }
}
