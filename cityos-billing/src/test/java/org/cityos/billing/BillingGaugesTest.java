package org.cityos.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityos.billing.internal.db.Tables.BILLING_INVOICE;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.plan.NewPlan;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.rules.Pricing;
import org.cityos.billing.subscription.NewSubscription;
import org.cityos.core.TenantContext;
import org.cityos.core.ops.OperationsSnapshot;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.DatabaseKind;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** Invoices in dunning and overdue are totalled over every tenant, with the oldest ages, and name no tenant. */
class BillingGaugesTest {

    @BothDatabases
    void open_invoices_in_dunning_and_overdue_are_counted_over_every_tenant(TestDatabase db) {
        BillingFixture f = new BillingFixture(db, TestClock.at("2026-06-01T08:00:00Z"));
        f.gateway.thenDecline(2);
        f.billing.subscriptions().create(f.ctx, NewSubscription.of(f.customer("c1"), f.monthly("basic", 2500).id()));
        f.clock.advance(Duration.ofHours(1));
        TenantContext other = f.tenant("pool", Map.of());
        Plan plan = f.billing.plans().create(other, NewPlan.monthly("swim", "swim", Pricing.flat(4000)));
        f.billing.subscriptions().create(other, NewSubscription.of(f.customer(other, "secret-customer"), plan.id()));
        f.clock.advance(Duration.ofHours(2));

        OperationsSnapshot s = f.cityOs.operations().snapshot();
        assertThat(s.failedSources()).isEmpty();
        assertThat(s.value("cityos.billing.invoices.dunning", Map.of())).hasValue(2);
        assertThat(s.value("cityos.billing.invoices.dunning.oldest.age", Map.of())).hasValue(3 * 3600);
        assertThat(s.value("cityos.billing.invoices.overdue", Map.of())).hasValue(0);
        assertThat(s.value("cityos.billing.invoices.overdue.oldest.age", Map.of())).hasValue(0);

        // the other tenant's invoice is also a purchase-order invoice a day past its due date
        Invoice inv = f.allInvoices(other).get(0);
        OffsetDateTime now = OffsetDateTime.ofInstant(f.clock.instant(), ZoneOffset.UTC);
        f.cityOs.db().tenant(other, tx -> tx.update(BILLING_INVOICE)
                .set(BILLING_INVOICE.DUE_AT, now.minusDays(1)).set(BILLING_INVOICE.OVERDUE_AT, now)
                .where(BILLING_INVOICE.TENANT_ID.eq(other.tenant().value()), BILLING_INVOICE.ID.eq(inv.id().value()))
                .execute());
        OperationsSnapshot later = f.cityOs.operations().snapshot();
        assertThat(later.value("cityos.billing.invoices.overdue", Map.of())).hasValue(1);
        assertThat(later.value("cityos.billing.invoices.overdue.oldest.age", Map.of())).hasValue(86_400);
        assertThat(later.measurements().toString()).doesNotContain(f.ctx.tenant().toString(),
                other.tenant().toString(), "secret-customer", "4000");

        if (db.kind() == DatabaseKind.POSTGRES) {
            // the application role alone sees no invoice without a tenant; the function saw both
            Integer direct = f.cityOs.db().unguarded(tx -> tx.fetchOne("select count(*) from billing_invoice")
                    .get(0, Integer.class));
            assertThat(direct).isZero();
        }
    }
}
