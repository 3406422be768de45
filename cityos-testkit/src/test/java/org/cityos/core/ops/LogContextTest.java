package org.cityos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cityos.core.CityOs;
import org.cityos.core.Fixtures;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.job.JobId;
import org.cityos.core.job.NewJob;
import org.cityos.core.tenancy.Tenant;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.slf4j.MDC;

/** While a job or an event delivery runs, the MDC names its tenant, job and event; afterwards it is as it was. */
class LogContextTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    private static String mdc() {
        return MDC.get(LogKeys.TENANT) + "|" + MDC.get(LogKeys.JOB) + "|" + MDC.get(LogKeys.JOB_TYPE) + "|"
                + MDC.get(LogKeys.EVENT);
    }

    @BothDatabases
    void a_running_job_has_its_tenant_and_id_in_the_mdc_and_the_callers_values_come_back(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        CityOs cityOs = f.cityOs;
        Tenant t = f.tenant("t1");
        List<String> seen = new CopyOnWriteArrayList<>();
        cityOs.jobs().register("tenant.work", ctx -> seen.add(mdc()));
        cityOs.jobs().register("platform.work", ctx -> seen.add(mdc()));
        cityOs.jobs().register("failing.work", ctx -> {
            seen.add(mdc());
            throw new IllegalStateException("boom");
        });
        JobId tenantJob = cityOs.jobs().enqueue(NewJob.of("tenant.work", Map.of()).withTenant(t.id()));
        clock.advance(Duration.ofMillis(5));
        JobId platformJob = cityOs.jobs().enqueue(NewJob.of("platform.work", Map.of()));
        clock.advance(Duration.ofMillis(5));
        JobId failingJob = cityOs.jobs().enqueue(NewJob.of("failing.work", Map.of()).withTenant(t.id()).withMaxAttempts(1));

        MDC.put(LogKeys.TENANT, "caller-tenant");
        MDC.remove(LogKeys.JOB);
        try {
            assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(3);
            assertThat(seen).containsExactly(
                    t.id() + "|" + tenantJob + "|tenant.work|null",
                    "null|" + platformJob + "|platform.work|null",
                    t.id() + "|" + failingJob + "|failing.work|null");
            // restored: the caller's own value is back, the job's keys are gone
            assertThat(MDC.get(LogKeys.TENANT)).isEqualTo("caller-tenant");
            assertThat(MDC.get(LogKeys.JOB)).isNull();
            assertThat(MDC.get(LogKeys.JOB_TYPE)).isNull();
        } finally {
            MDC.remove(LogKeys.TENANT);
        }
    }

    @BothDatabases
    void an_event_delivery_also_names_the_event(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        CityOs cityOs = f.cityOs;
        TenantContext ctx = f.ctx(f.tenant("t1"));
        List<String> seen = new CopyOnWriteArrayList<>();
        cityOs.events().subscribe("order.placed", "audit-mirror", d -> seen.add(mdc()));
        cityOs.db().tenant(ctx, tx -> cityOs.events().publish(tx, ctx, "order.placed", "order", "o-1", Map.of()));
        JobsTestSupport.runUntilIdle(cityOs);

        java.util.UUID event = cityOs.events().list(ctx, java.util.Optional.empty(), PageRequest.first(1)).items()
                .get(0).id();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).startsWith(ctx.tenant() + "|").endsWith("|cityos.event:audit-mirror|" + event);
        assertThat(mdc()).isEqualTo("null|null|null|null");
    }

    @org.junit.jupiter.api.Test
    void put_restores_previous_values_in_reverse_order() {
        MDC.put(LogKeys.JOB, "outer");
        try (LogKeys.Restore r = LogKeys.put(LogKeys.JOB, "inner", LogKeys.TENANT, null)) {
            assertThat(MDC.get(LogKeys.JOB)).isEqualTo("inner");
            try (LogKeys.Restore r2 = LogKeys.put(LogKeys.JOB, "innermost")) {
                assertThat(MDC.get(LogKeys.JOB)).isEqualTo("innermost");
            }
            assertThat(MDC.get(LogKeys.JOB)).isEqualTo("inner");
        }
        assertThat(MDC.get(LogKeys.JOB)).isEqualTo("outer");
        MDC.remove(LogKeys.JOB);
    }
}
