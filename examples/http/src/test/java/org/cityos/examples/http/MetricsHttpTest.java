package org.cityos.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityos.examples.http.HostFixture.bearer;

import java.time.Duration;

import org.cityos.core.identity.apikey.ApiScope;
import org.cityos.examples.http.HostFixture.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /metrics} over real HTTP: Prometheus text of the library's gauges and counters,
 * for platform operators only, with platform-wide totals and no tenant's id in it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsHttpTest {
    private final HostFixture f = HostFixture.start(s -> s.metricsRefresh(Duration.ZERO));

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void a_platform_operator_scrapes_prometheus_text_with_the_queue_and_outbox_backlog() {
        // the fixture's order published events whose deliveries wait (this host runs no workers)
        f.clock.advance(Duration.ofMinutes(2));
        f.host.metrics().refresh();

        Response r = f.get(null, "/metrics", "Authorization", bearer(f.platformToken()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        String text = r.body();
        assertThat(text).contains("# HELP cityos_jobs_ready ", "# TYPE cityos_jobs_ready gauge",
                "cityos_outbox_oldest_age_seconds{", "cityos_payouts_inflight{status=\"processing\"} 0",
                "cityos_webhooks_endpoints_disabled 0", "cityos_schedules_due{queue=\"default\"} 0");
        double pending = text.lines().filter(l -> l.startsWith("cityos_outbox_pending{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(pending).isPositive();
        assertThat(text.lines().filter(l -> l.startsWith("cityos_outbox_oldest_age_seconds{")))
                .anySatisfy(l -> assertThat(l).endsWith(" 120.0"));
        assertThat(text).doesNotContain(f.alpha.id().toString(), f.beta.id().toString(), "o-1");

    }

    @Test
    void metrics_are_refused_to_anyone_but_a_platform_operator() {
        assertThat(f.get(null, "/metrics").status()).isEqualTo(401);
        Response tenantAdmin = f.get(null, "/metrics", "Authorization", bearer(f.operatorToken(f.alpha)));
        assertThat(tenantAdmin.status()).isEqualTo(403);
        assertThat(tenantAdmin.code()).isEqualTo("forbidden");
        assertThat(f.get(HostFixture.hostOf(f.alpha), "/metrics", "X-Api-Key", f.apiKey(f.alpha, ApiScope.write("*")))
                .status()).isEqualTo(403);
    }
}
