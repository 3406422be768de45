package org.cityos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cityos.core.CityOs;
import org.cityos.core.Fixtures;
import org.cityos.core.TenantContext;
import org.cityos.core.job.NewJob;
import org.cityos.core.job.RetryLater;
import org.cityos.core.job.Schedule;
import org.cityos.core.tenancy.Tenant;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/**
 * The core's gauges: the job queue by type and state with ages from the injected clock, the
 * outbox backlog per subscriber, due schedules; the counters of job outcomes and deliveries; and
 * that counting across tenants reports numbers only, never a tenant's id or data.
 */
class OperationsSnapshotTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    /** Remembers every counter increment as "name{tags}". */
    static final class Recorded implements MetricsRecorder {
        final List<String> counts = new CopyOnWriteArrayList<>();
        final List<String> timings = new CopyOnWriteArrayList<>();

        @Override
        public void increment(Metric metric, Map<String, String> tags) {
            counts.add(metric.name() + new java.util.TreeMap<>(tags));
        }

        @Override
        public void record(Metric metric, Map<String, String> tags, Duration duration) {
            assertThat(duration.isNegative()).isFalse();
            timings.add(metric.name() + new java.util.TreeMap<>(tags));
        }
    }

    private static Map<String, String> type(String t) {
        return Map.of("queue", "default", "type", t);
    }

    @BothDatabases
    void job_gauges_count_each_state_by_type_and_age_by_the_injected_clock(TestDatabase db) throws Exception {
        CityOs cityOs = db.cityOs(clock);
        Recorded rec = new Recorded();
        cityOs.operations().addRecorder(rec);
        cityOs.jobs().register("report.build", ctx -> {
            throw new RetryLater("warehouse busy", Duration.ofMinutes(5));
        });
        cityOs.jobs().enqueue(NewJob.of("report.build", Map.of("n", 1)).withMaxAttempts(1)); // goes dead
        cityOs.jobs().enqueue(NewJob.of("report.build", Map.of("n", 2)).withMaxAttempts(3)); // retries in 5 min
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(2);

        cityOs.jobs().enqueue(NewJob.of("mail.send", Map.of("n", 1)));
        cityOs.jobs().enqueue(NewJob.of("mail.send", Map.of("n", 2)));
        cityOs.jobs().enqueue(NewJob.of("mail.send", Map.of("n", 3)).withDelay(Duration.ofMinutes(10)));
        clock.advance(Duration.ofSeconds(60));
        cityOs.jobs().register("mail.send", ctx -> { });
        cityOs.jobs().enqueue(NewJob.of("mail.send", Map.of("n", 4)));
        assertThat(JobsTestSupport.claimAndAbandon(cityOs, "crashed-worker", 1)).hasSize(1);
        clock.advance(Duration.ofSeconds(30));

        OperationsSnapshot s = cityOs.operations().snapshot();
        assertThat(s.failedSources()).isEmpty();
        assertThat(s.takenAt()).isEqualTo(clock.instant());
        Map<String, String> mail = type("mail.send");
        assertThat(s.value("cityos.jobs.ready", mail)).hasValue(2);
        assertThat(s.value("cityos.jobs.delayed", mail)).hasValue(1);
        assertThat(s.value("cityos.jobs.running", mail)).hasValue(1);
        assertThat(s.value("cityos.jobs.retrying", mail)).hasValue(0);
        assertThat(s.value("cityos.jobs.dead", mail)).hasValue(0);
        // the oldest ready mail was due at t0, 90 s ago; the running one was claimed 30 s ago
        assertThat(s.value("cityos.jobs.ready.oldest.age", mail)).hasValue(90);
        assertThat(s.value("cityos.jobs.running.oldest.age", mail)).hasValue(30);

        Map<String, String> report = type("report.build");
        assertThat(s.value("cityos.jobs.ready", report)).hasValue(0);
        assertThat(s.value("cityos.jobs.delayed", report)).hasValue(1);
        assertThat(s.value("cityos.jobs.retrying", report)).hasValue(1);
        assertThat(s.value("cityos.jobs.dead", report)).hasValue(1);
        assertThat(s.value("cityos.jobs.ready.oldest.age", report)).hasValue(0);
        assertThat(s.sum("cityos.jobs.ready")).isEqualTo(2);
        assertThat(s.value("cityos.schedules.due", Map.of("queue", "default"))).hasValue(0);

        // the retry becomes due: it is ready, and has been for 10 s
        clock.advance(Duration.ofMinutes(3).plusSeconds(40)); // t0 + 5 min 10 s
        OperationsSnapshot later = cityOs.operations().snapshot();
        assertThat(later.value("cityos.jobs.ready", report)).hasValue(1);
        assertThat(later.value("cityos.jobs.ready.oldest.age", report)).hasValue(10);

        assertThat(rec.counts).containsExactlyInAnyOrder(
                "cityos.jobs.executed{outcome=dead, queue=default, type=report.build}",
                "cityos.jobs.executed{outcome=failed, queue=default, type=report.build}");
        assertThat(rec.timings).hasSize(2);
    }

    @BothDatabases
    void outbox_backlog_is_counted_per_subscriber_across_tenants_without_naming_any_tenant(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        CityOs cityOs = f.cityOs;
        Tenant t1 = f.tenant("t1");
        Tenant t2 = f.tenant("t2");
        Recorded rec = new Recorded();
        cityOs.operations().addRecorder(rec);
        cityOs.events().subscribe("*", "ledger", d -> { });
        cityOs.events().subscribe("order.placed", "mailer", d -> {
            throw new RetryLater("smtp down", Duration.ofHours(1));
        });
        TenantContext c1 = f.ctx(t1);
        TenantContext c2 = f.ctx(t2);
        cityOs.db().tenant(c1, tx -> cityOs.events().publish(tx, c1, "order.placed", "order", "o-1",
                Map.of("customer", "secret-customer-of-t1")));
        cityOs.db().tenant(c1, tx -> cityOs.events().publish(tx, c1, "order.placed", "order", "o-2", Map.of()));
        clock.advance(Duration.ofSeconds(10));
        cityOs.db().tenant(c2, tx -> cityOs.events().publish(tx, c2, "order.placed", "order", "o-9", Map.of()));
        clock.advance(Duration.ofSeconds(50));

        OperationsSnapshot before = cityOs.operations().snapshot();
        Map<String, String> mailer = Map.of("queue", "default", "subscriber", "mailer");
        Map<String, String> ledger = Map.of("queue", "default", "subscriber", "ledger");
        assertThat(before.value("cityos.outbox.pending", mailer)).hasValue(3);
        assertThat(before.value("cityos.outbox.pending", ledger)).hasValue(3);
        assertThat(before.value("cityos.outbox.oldest.age", ledger)).hasValue(60);

        JobsTestSupport.runUntilIdle(cityOs);
        OperationsSnapshot after = cityOs.operations().snapshot();
        assertThat(after.value("cityos.outbox.pending", ledger)).hasValue(0);
        assertThat(after.value("cityos.outbox.oldest.age", ledger)).hasValue(0);
        assertThat(after.value("cityos.outbox.pending", mailer)).hasValue(3);
        assertThat(after.value("cityos.outbox.oldest.age", mailer)).hasValue(60);
        assertThat(after.value("cityos.jobs.retrying", type("cityos.event:mailer"))).hasValue(3);
        assertThat(after.value("cityos.outbox.dead", mailer)).hasValue(0);

        // numbers only: no tag or name carries a tenant's id, handle or data
        List<String> words = new ArrayList<>();
        for (Measurement m : after.measurements()) {
            assertThat(m.tags().keySet()).isSubsetOf("queue", "type", "subscriber");
            words.add(m.name());
            words.addAll(m.tags().values());
        }
        assertThat(String.join(" ", words)).doesNotContain(t1.id().toString(), t2.id().toString(), "t1", "t2",
                "secret-customer-of-t1", "o-1", "o-9");

        assertThat(rec.counts).filteredOn(c -> c.startsWith("cityos.outbox.deliveries")).containsExactlyInAnyOrder(
                "cityos.outbox.deliveries{outcome=succeeded, queue=default, subscriber=ledger}",
                "cityos.outbox.deliveries{outcome=succeeded, queue=default, subscriber=ledger}",
                "cityos.outbox.deliveries{outcome=succeeded, queue=default, subscriber=ledger}",
                "cityos.outbox.deliveries{outcome=failed, queue=default, subscriber=mailer}",
                "cityos.outbox.deliveries{outcome=failed, queue=default, subscriber=mailer}",
                "cityos.outbox.deliveries{outcome=failed, queue=default, subscriber=mailer}");
    }

    @BothDatabases
    void a_schedule_tick_that_nobody_fires_shows_as_due_with_its_age(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        cityOs.jobs().register("catalog.sync", ctx -> { });
        cityOs.jobs().schedule(Schedule.every("sync-catalog", Duration.ofMinutes(15), "catalog.sync"));
        java.time.Instant tick = cityOs.jobs().schedules().get(0).nextRunAt();
        Map<String, String> queue = Map.of("queue", "default");
        assertThat(cityOs.operations().snapshot().value("cityos.schedules.due", queue)).hasValue(0);

        clock.set(tick.plusSeconds(120)); // no worker polled for two minutes past the tick
        OperationsSnapshot s = cityOs.operations().snapshot();
        assertThat(s.value("cityos.schedules.due", queue)).hasValue(1);
        assertThat(s.value("cityos.schedules.due.oldest.age", queue)).hasValue(120);

        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(cityOs.operations().snapshot().value("cityos.schedules.due", queue)).hasValue(0);
    }

    @BothDatabases
    void a_failing_module_source_is_named_and_the_others_are_still_measured(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        cityOs.operations().source("broken", scope -> {
            throw new IllegalStateException("no such function");
        });
        Metric custom = Metric.count("cityos.test.answer", "a module's own gauge");
        cityOs.operations().source("custom", scope -> scope.gauge(custom, Map.of(), 42));
        OperationsSnapshot s = cityOs.operations().snapshot();
        assertThat(s.failedSources()).containsExactly("broken");
        assertThat(s.value("cityos.test.answer", Map.of())).hasValue(42);
        assertThat(s.value("cityos.schedules.due", Map.of("queue", "default"))).hasValue(0);
        assertThat(cityOs.operations().sources()).containsExactly("core", "broken", "custom");
    }
}
