package org.cityos.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.cityos.core.CityOs;
import org.cityos.core.job.NewJob;
import org.cityos.core.ops.OperationsSnapshot;
import org.cityos.core.ops.micrometer.CityOsMeterBinder;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** docs/operations.md: reading the operations snapshot, and binding the metrics to a Micrometer registry. */
class OperationsSnippetsTest {
    private final TestClock clock = TestClock.at("2026-01-05T09:00:00Z");

    @BothDatabases
    void the_snapshot(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        cityOs.jobs().enqueue(NewJob.of("mail.send", Map.of()));
        clock.advance(Duration.ofSeconds(5));

        OperationsSnapshot snapshot = cityOs.operations().snapshot();
        double ready = snapshot.sum("cityos.jobs.ready");                    // ready jobs of every type
        double oldestReady = snapshot.max("cityos.jobs.ready.oldest.age");   // seconds, from the injected clock
        boolean complete = snapshot.failedSources().isEmpty();               // false: a module could not be measured

        assertThat(ready).isEqualTo(1);
        assertThat(oldestReady).isEqualTo(5);
        assertThat(complete).isTrue();
    }

    @BothDatabases
    void binding_to_micrometer(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        MeterRegistry registry = new SimpleMeterRegistry();

        CityOsMeterBinder metrics = CityOsMeterBinder.builder(cityOs)
                .refreshEvery(Duration.ofSeconds(30))   // gauges re-read the database at most this often
                .build();
        metrics.bindTo(registry);                       // gauges, plus counters and a timer as jobs run
        // ... at shutdown, after the workers
        metrics.close();

        assertThat(registry.find("cityos.schedules.due").gauge()).isNotNull();
    }
}
