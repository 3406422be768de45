package org.cityos.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import org.cityos.core.CityOs;
import org.cityos.core.PageRequest;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** Recurring schedules: once per tick across nodes, restarts, misfire policies. */
class ScheduleTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    private static int jobsOfType(CityOs cityOs, String type) {
        return cityOs.jobs().list(Optional.empty(), Optional.of(type), PageRequest.first(500)).items().size();
    }

    @BothDatabases
    void a_cron_schedule_fires_once_per_tick_with_two_nodes_polling_at_once(TestDatabase db) throws Exception {
        CityOs node1 = db.cityOs(clock);
        CityOs node2 = db.cityOs(clock);
        Schedule every5 = Schedule.cron("report", "*/5 * * * *", "report.run");
        node1.jobs().schedule(every5);
        node2.jobs().schedule(every5); // every node registers at start: no change
        assertThat(node1.jobs().schedules()).singleElement()
                .satisfies(s -> assertThat(s.nextRunAt()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z")));

        for (int tick = 1; tick <= 6; tick++) {
            clock.advance(Duration.ofMinutes(5));
            CyclicBarrier together = new CyclicBarrier(4);
            List<Thread> pollers = new ArrayList<>();
            AtomicInteger fired = new AtomicInteger();
            for (CityOs node : List.of(node1, node2, node1, node2)) {
                Thread t = new Thread(() -> {
                    try {
                        together.await();
                        fired.addAndGet(node.jobs().engine().fireDueSchedules());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                pollers.add(t);
            }
            for (Thread t : pollers) {
                t.join();
            }
            assertThat(fired).as("tick %d", tick).hasValue(1);
        }
        assertThat(jobsOfType(node1, "report.run")).isEqualTo(6);
        assertThat(node2.jobs().schedules()).singleElement().satisfies(s -> {
            assertThat(s.nextRunAt()).isEqualTo(Instant.parse("2026-01-01T00:35:00Z"));
            assertThat(s.lastRunAt()).contains(Instant.parse("2026-01-01T00:30:00Z"));
        });
    }

    @BothDatabases
    void an_interval_schedule_survives_a_restart_and_its_jobs_run(TestDatabase db) {
        CityOs before = db.cityOs(clock);
        before.jobs().schedule(Schedule.every("sweep", Duration.ofMinutes(10), "sweep.run").withPayload(
                java.util.Map.of("scope", "all")));
        clock.advance(Duration.ofMinutes(4));

        // a new instance (a restart, or another node) registering the same schedule keeps its next run
        CityOs after = db.cityOs(clock);
        after.jobs().schedule(Schedule.every("sweep", Duration.ofMinutes(10), "sweep.run").withPayload(
                java.util.Map.of("scope", "all")));
        List<String> payloads = new CopyOnWriteArrayList<>();
        after.jobs().register("sweep.run", ctx -> payloads.add(ctx.job().payload()));
        assertThat(after.jobs().schedules()).singleElement()
                .satisfies(s -> assertThat(s.nextRunAt()).isEqualTo(Instant.parse("2026-01-01T00:10:00Z")));
        clock.advance(Duration.ofMinutes(6));
        assertThat(JobsTestSupport.runUntilIdle(after)).isEqualTo(1);
        clock.advance(Duration.ofMinutes(10));
        assertThat(JobsTestSupport.runUntilIdle(after)).isEqualTo(1);
        assertThat(payloads).containsExactly("{\"scope\":\"all\"}", "{\"scope\":\"all\"}");

        // a changed definition starts over from now
        after.jobs().schedule(Schedule.every("sweep", Duration.ofMinutes(30), "sweep.run"));
        assertThat(after.jobs().schedules()).singleElement()
                .satisfies(s -> assertThat(s.nextRunAt()).isEqualTo(Instant.parse("2026-01-01T00:50:00Z")));
        assertThat(after.jobs().unschedule("sweep")).isTrue();
        assertThat(after.jobs().schedules()).isEmpty();
    }

    @BothDatabases
    void missed_ticks_fire_once_now_or_are_skipped_per_the_misfire_policy(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        cityOs.jobs().schedule(Schedule.cron("catch-up", "0 * * * *", "hourly.catchup")
                .withMisfire(MisfirePolicy.FIRE_ONCE_NOW, Duration.ofMinutes(1)));
        cityOs.jobs().schedule(Schedule.cron("skip", "0 * * * *", "hourly.skip")
                .withMisfire(MisfirePolicy.SKIP_TO_NEXT, Duration.ofMinutes(1)));

        // the cluster was down for five hours and some minutes
        clock.set(Instant.parse("2026-01-01T05:20:00Z"));
        cityOs.jobs().engine().fireDueSchedules();
        assertThat(jobsOfType(cityOs, "hourly.catchup")).isEqualTo(1);
        assertThat(jobsOfType(cityOs, "hourly.skip")).isZero();
        assertThat(cityOs.jobs().schedules()).allSatisfy(
                s -> assertThat(s.nextRunAt()).isEqualTo(Instant.parse("2026-01-01T06:00:00Z")));

        // a tick within its grace fires under either policy
        clock.set(Instant.parse("2026-01-01T06:00:30Z"));
        cityOs.jobs().engine().fireDueSchedules();
        assertThat(jobsOfType(cityOs, "hourly.catchup")).isEqualTo(2);
        assertThat(jobsOfType(cityOs, "hourly.skip")).isEqualTo(1);
    }
}
