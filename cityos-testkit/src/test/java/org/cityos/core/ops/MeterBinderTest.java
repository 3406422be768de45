package org.cityos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.cityos.core.CityOs;
import org.cityos.core.job.NewJob;
import org.cityos.core.job.RetryLater;
import org.cityos.core.ops.micrometer.CityOsMeterBinder;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** The Micrometer binding on real databases: gauges from the snapshot, counters and a timer from the recorder. */
class MeterBinderTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    private static double gauge(MeterRegistry r, String name, String... tags) {
        return r.get(name).tags(tags).gauge().value();
    }

    @BothDatabases
    void gauges_follow_the_refreshed_snapshot_and_counters_count_job_outcomes(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        cityOs.jobs().register("mail.send", ctx -> { });
        cityOs.jobs().register("report.build", ctx -> {
            throw new RetryLater("busy", Duration.ofMinutes(1));
        });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (CityOsMeterBinder metrics = CityOsMeterBinder.builder(cityOs).refreshEvery(Duration.ZERO).build()) {
            metrics.bindTo(registry);
            // registered at bind time, at zero, for every type this node handles
            assertThat(gauge(registry, "cityos.jobs.ready", "queue", "default", "type", "mail.send")).isZero();
            assertThat(registry.get("cityos.jobs.ready.oldest.age").tags("type", "mail.send").gauge().getId()
                    .getBaseUnit()).isEqualTo("seconds");

            cityOs.jobs().enqueue(NewJob.of("mail.send", Map.of()));
            cityOs.jobs().enqueue(NewJob.of("mail.send", Map.of()));
            cityOs.jobs().enqueue(NewJob.of("report.build", Map.of()));
            cityOs.jobs().enqueue(NewJob.of("unknown.here", Map.of())); // a type only another node knows
            clock.advance(Duration.ofSeconds(45));
            // the gauges read the last refresh until the next one
            assertThat(gauge(registry, "cityos.jobs.ready", "queue", "default", "type", "mail.send")).isZero();
            metrics.refresh();
            assertThat(gauge(registry, "cityos.jobs.ready", "queue", "default", "type", "mail.send")).isEqualTo(2);
            assertThat(gauge(registry, "cityos.jobs.ready.oldest.age", "queue", "default", "type", "mail.send"))
                    .isEqualTo(45);
            assertThat(gauge(registry, "cityos.jobs.ready", "queue", "default", "type", "unknown.here")).isEqualTo(1);

            JobsTestSupport.runUntilIdle(cityOs);
            metrics.refresh();
            assertThat(gauge(registry, "cityos.jobs.ready", "queue", "default", "type", "mail.send")).isZero();
            assertThat(gauge(registry, "cityos.jobs.retrying", "queue", "default", "type", "report.build")).isEqualTo(1);
            assertThat(registry.get("cityos.jobs.executed").tags("type", "mail.send", "outcome", "succeeded")
                    .counter().count()).isEqualTo(2);
            assertThat(registry.get("cityos.jobs.executed").tags("type", "report.build", "outcome", "failed")
                    .counter().count()).isEqualTo(1);
            assertThat(registry.get("cityos.jobs.duration").tags("type", "mail.send").timer().count()).isEqualTo(2);
            assertThat(metrics.lastSnapshot()).isPresent();

            // the database goes away: the refresh fails and every gauge says it does not know
            ((AutoCloseable) db.dataSource()).close();
            assertThat(metrics.refresh().failedSources()).containsExactly("core");
            assertThat(gauge(registry, "cityos.jobs.retrying", "queue", "default", "type", "report.build")).isNaN();
            assertThat(gauge(registry, "cityos.jobs.ready", "queue", "default", "type", "mail.send")).isNaN();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        // closed: the recorder is gone, so further jobs would not count (nothing left to run here)
        assertThat(cityOs.operations().recorder()).isNotNull();
    }

    @BothDatabases
    void a_closed_binder_stops_counting(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        cityOs.jobs().register("mail.send", ctx -> { });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CityOsMeterBinder metrics = CityOsMeterBinder.builder(cityOs).refreshEvery(Duration.ofMinutes(1)).build();
        metrics.bindTo(registry);
        cityOs.jobs().enqueue(NewJob.of("mail.send", Map.of()));
        JobsTestSupport.runUntilIdle(cityOs);
        metrics.close();
        cityOs.jobs().enqueue(NewJob.of("mail.send", Map.of()));
        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(registry.get("cityos.jobs.executed").tags("type", "mail.send").counter().count()).isEqualTo(1);
    }
}
