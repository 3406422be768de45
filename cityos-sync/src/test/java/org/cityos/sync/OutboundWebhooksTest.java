package org.cityos.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.job.Job;
import org.cityos.core.job.JobStatus;
import org.cityos.core.webhook.StandardWebhooks;
import org.cityos.core.webhook.WebhookSecret;
import org.cityos.sync.webhook.DeliveryAttempt;
import org.cityos.sync.webhook.DeliveryStatus;
import org.cityos.sync.webhook.NewEndpoint;
import org.cityos.sync.webhook.WebhookDelivery;
import org.cityos.sync.webhook.WebhookEndpoint;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Outbound deliveries against a WireMock server on loopback: signed, retried, timed out, disabled, logged. */
class OutboundWebhooksTest {
    private static WireMockServer server;
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static SyncConfig.Builder loopback() {
        return SyncConfig.builder().allowPrivateNetworks(true)
                .retrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5)), 0.1)
                .requestTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500));
    }

    private record World(SyncFixtures f, Sync sync, TenantContext ctx) {
    }

    private World world(TestDatabase db, SyncConfig config) {
        SyncFixtures f = new SyncFixtures(db.cityOs(clock));
        Sync sync = Sync.create(f.cityOs, config);
        return new World(f, sync, f.tenant("t1"));
    }

    private static Map<String, String> headersOf(LoggedRequest r) {
        Map<String, String> h = new HashMap<>();
        for (String name : r.getAllHeaderKeys()) {
            h.put(name, r.getHeader(name));
        }
        return h;
    }

    private static WebhookDelivery onlyDelivery(World w, WebhookEndpoint ep) {
        List<WebhookDelivery> items = w.sync.outbound().deliveries(w.ctx, ep.id(), PageRequest.first(10)).items();
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    @BothDatabases
    void a_committed_event_is_posted_once_with_signature_headers_the_verifier_accepts(TestDatabase db) {
        World w = world(db, loopback().build());
        server.stubFor(post("/hooks").willReturn(aResponse().withStatus(204)));
        WebhookEndpoint ep = w.sync.outbound().createEndpoint(w.ctx, NewEndpoint.of(url("/hooks"), "order.placed"));
        w.f.publish(w.ctx, "order.placed", "o1", Map.of("total", 1200, "currency", "SAR"));
        // a rolled-back transaction's event is never delivered
        assertThatThrownBy(() -> w.f.cityOs.db().tenant(w.ctx, tx -> {
            w.f.cityOs.events().publish(tx, w.ctx, "order.placed", "order", "o2", Map.of());
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");

        JobsTestSupport.runUntilIdle(w.f.cityOs);
        List<LoggedRequest> got = server.findAll(postRequestedFor(urlEqualTo("/hooks")));
        assertThat(got).hasSize(1);
        LoggedRequest r = got.get(0);
        assertThat(r.getBodyAsString()).contains("\"type\":\"order.placed\"").contains("\"total\":1200");
        assertThat(r.getHeader("content-type")).isEqualTo("application/json");
        StandardWebhooks.Verified v = StandardWebhooks.create(clock).verify(headersOf(r), r.getBody(),
                List.of(WebhookSecret.parse(ep.secret())));
        WebhookDelivery d = onlyDelivery(w, ep);
        assertThat(v.id()).isEqualTo(d.messageId());
        assertThat(d.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(d.lastStatus()).contains(204);
        List<DeliveryAttempt> log = w.sync.outbound().attempts(w.ctx, d.id());
        assertThat(log).singleElement().satisfies(a -> {
            assertThat(a.statusCode()).contains(204);
            assertThat(a.latencyMillis()).isNotNegative();
            assertThat(a.error()).isEmpty();
        });
        // running again sends nothing more
        JobsTestSupport.runUntilIdle(w.f.cityOs);
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/hooks")))).hasSize(1);
    }

    @BothDatabases
    void a_500_is_retried_on_schedule_and_then_succeeds_with_every_attempt_logged(TestDatabase db) {
        World w = world(db, loopback().build());
        server.stubFor(post("/flaky").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("database down")).willSetStateTo("up"));
        server.stubFor(post("/flaky").inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        WebhookEndpoint ep = w.sync.outbound().createEndpoint(w.ctx, NewEndpoint.of(url("/flaky"), "*"));
        w.f.publish(w.ctx, "order.placed", "o1", Map.of());

        JobsTestSupport.runUntilIdle(w.f.cityOs);
        WebhookDelivery d = onlyDelivery(w, ep);
        assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(d.lastStatus()).contains(500);
        // the next attempt is 5 s (+-10 %) later, not before
        clock.advance(Duration.ofSeconds(4));
        JobsTestSupport.runUntilIdle(w.f.cityOs);
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/flaky")))).hasSize(1);
        clock.advance(Duration.ofSeconds(2));
        JobsTestSupport.runUntilIdle(w.f.cityOs);

        assertThat(onlyDelivery(w, ep).status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        List<DeliveryAttempt> log = w.sync.outbound().attempts(w.ctx, d.id());
        assertThat(log).extracting(a -> a.statusCode().orElse(0)).containsExactly(500, 200);
        assertThat(log.get(0).responseExcerpt()).contains("database down");
        List<LoggedRequest> got = server.findAll(postRequestedFor(urlEqualTo("/flaky")));
        assertThat(got.get(0).getHeader("webhook-id")).isEqualTo(got.get(1).getHeader("webhook-id"));
        assertThat(w.sync.outbound().requireEndpoint(w.ctx, ep.id()).consecutiveFailures()).isZero();
    }

    @BothDatabases
    void a_slow_endpoint_times_out_and_the_attempt_is_logged_as_an_error(TestDatabase db) {
        World w = world(db, loopback().requestTimeout(Duration.ofMillis(300)).build());
        server.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(2000)));
        WebhookEndpoint ep = w.sync.outbound().createEndpoint(w.ctx, NewEndpoint.of(url("/slow"), "*"));
        w.f.publish(w.ctx, "order.placed", "o1", Map.of());

        long started = System.nanoTime();
        JobsTestSupport.runUntilIdle(w.f.cityOs);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1900));
        WebhookDelivery d = onlyDelivery(w, ep);
        assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(w.sync.outbound().attempts(w.ctx, d.id())).singleElement().satisfies(a -> {
            assertThat(a.statusCode()).isEmpty();
            assertThat(a.error()).hasValueSatisfying(e -> assertThat(e).contains("Timeout"));
        });
        assertThat(w.f.cityOs.jobs().list(Optional.of(JobStatus.FAILED), Optional.empty(), PageRequest.first(5)).items())
                .singleElement().extracting(Job::type).isEqualTo("cityos.webhook.deliver");
    }

    @BothDatabases
    void an_endpoint_failing_n_times_in_a_row_is_disabled_with_an_event_and_its_delivery_fails(TestDatabase db) {
        World w = world(db, loopback().disableAfterFailures(3)
                .retrySchedule(List.of(Duration.ofSeconds(1)), 0).build());
        server.stubFor(post("/down").willReturn(aResponse().withStatus(502)));
        server.stubFor(post("/ops").willReturn(aResponse().withStatus(200)));
        WebhookEndpoint down = w.sync.outbound().createEndpoint(w.ctx, NewEndpoint.of(url("/down"), "order.placed"));
        w.sync.outbound().createEndpoint(w.ctx, NewEndpoint.of(url("/ops"), "webhook.endpoint_disabled"));
        w.f.publish(w.ctx, "order.placed", "o1", Map.of());
        w.f.publish(w.ctx, "order.placed", "o2", Map.of());

        for (int i = 0; i < 5; i++) {
            JobsTestSupport.runUntilIdle(w.f.cityOs);
            clock.advance(Duration.ofSeconds(1));
        }
        WebhookEndpoint after = w.sync.outbound().requireEndpoint(w.ctx, down.id());
        assertThat(after.enabled()).isFalse();
        assertThat(after.disabledReason()).contains("3 consecutive failed attempts");
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/down")))).hasSize(3);
        assertThat(w.sync.outbound().deliveries(w.ctx, down.id(), PageRequest.first(10)).items())
                .extracting(WebhookDelivery::status).containsOnly(DeliveryStatus.FAILED);
        // the disabling is itself an event, delivered to the endpoint that wants it
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/ops")))).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains("webhook.endpoint_disabled")
                        .contains(down.id().toString()));

        // enabled again, it receives new events
        server.stubFor(post("/down").willReturn(aResponse().withStatus(200)));
        w.sync.outbound().enable(w.ctx, down.id());
        w.f.publish(w.ctx, "order.placed", "o3", Map.of());
        JobsTestSupport.runUntilIdle(w.f.cityOs);
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/down")))).hasSize(4);
    }

    @BothDatabases
    void a_410_disables_at_once_and_a_429_waits_for_its_retry_after(TestDatabase db) {
        World w = world(db, loopback().build());
        server.stubFor(post("/gone").willReturn(aResponse().withStatus(410)));
        server.stubFor(post("/busy").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        WebhookEndpoint gone = w.sync.outbound().createEndpoint(w.ctx, NewEndpoint.of(url("/gone"), "*"));
        WebhookEndpoint busy = w.sync.outbound().createEndpoint(w.ctx, NewEndpoint.of(url("/busy"), "order.placed"));
        w.f.publish(w.ctx, "order.placed", "o1", Map.of());
        JobsTestSupport.runUntilIdle(w.f.cityOs);

        WebhookEndpoint g = w.sync.outbound().requireEndpoint(w.ctx, gone.id());
        assertThat(g.enabled()).isFalse();
        assertThat(g.disabledReason()).hasValueSatisfying(r -> assertThat(r).contains("410 Gone"));
        assertThat(onlyDelivery(w, gone).status()).isEqualTo(DeliveryStatus.FAILED);
        WebhookDelivery b = onlyDelivery(w, busy);
        assertThat(b.status()).isEqualTo(DeliveryStatus.PENDING);
        Job retry = w.f.cityOs.jobs().list(Optional.of(JobStatus.FAILED), Optional.empty(), PageRequest.first(5))
                .items().get(0);
        assertThat(retry.runAt()).isEqualTo(clock.instant().plusSeconds(120));
    }

    @BothDatabases
    void endpoints_get_only_their_types_and_their_tenants_events(TestDatabase db) {
        World w = world(db, loopback().build());
        TenantContext other = w.f.tenant("t2");
        server.stubFor(post("/paid").willReturn(aResponse().withStatus(200)));
        server.stubFor(post("/other").willReturn(aResponse().withStatus(200)));
        w.sync.outbound().createEndpoint(w.ctx, NewEndpoint.of(url("/paid"), "order.paid"));
        WebhookEndpoint theirs = w.sync.outbound().createEndpoint(other, NewEndpoint.of(url("/other"), "*"));
        w.f.publish(w.ctx, "order.placed", "o1", Map.of());
        w.f.publish(w.ctx, "order.paid", "o1", Map.of());
        JobsTestSupport.runUntilIdle(w.f.cityOs);
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/paid")))).hasSize(1);
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/other")))).isEmpty();
        // another tenant's endpoint is not found, not visible
        assertThat(w.sync.outbound().endpoint(w.ctx, theirs.id())).isEmpty();
    }

    @BothDatabases
    void a_rotated_secret_signs_with_both_during_the_overlap_and_a_replay_keeps_the_webhook_id(TestDatabase db) {
        World w = world(db, loopback().build());
        server.stubFor(post("/r").willReturn(aResponse().withStatus(200)));
        WebhookEndpoint ep = w.sync.outbound().createEndpoint(w.ctx, NewEndpoint.of(url("/r"), "*"));
        WebhookEndpoint rotated = w.sync.outbound().rotateSecret(w.ctx, ep.id(), Duration.ofHours(24));
        assertThat(rotated.secret()).isNotEqualTo(ep.secret());
        w.f.publish(w.ctx, "order.placed", "o1", Map.of());
        JobsTestSupport.runUntilIdle(w.f.cityOs);
        LoggedRequest r = server.findAll(postRequestedFor(urlEqualTo("/r"))).get(0);
        assertThat(r.getHeader("webhook-signature").split(" ")).hasSize(2);
        for (String s : List.of(ep.secret(), rotated.secret())) {
            StandardWebhooks.create(clock).verify(headersOf(r), r.getBody(), List.of(WebhookSecret.parse(s)));
        }
        WebhookDelivery first = onlyDelivery(w, ep);
        w.sync.outbound().replay(w.ctx, first.id());
        JobsTestSupport.runUntilIdle(w.f.cityOs);
        List<LoggedRequest> both = server.findAll(postRequestedFor(urlEqualTo("/r")));
        assertThat(both).hasSize(2);
        assertThat(both.get(1).getHeader("webhook-id")).isEqualTo(both.get(0).getHeader("webhook-id"));
        assertThat(both.get(1).getBodyAsString()).isEqualTo(both.get(0).getBodyAsString());
        // after the overlap, only the new secret signs
        clock.advance(Duration.ofHours(25));
        w.sync.outbound().replay(w.ctx, first.id());
        JobsTestSupport.runUntilIdle(w.f.cityOs);
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/r"))).get(2).getHeader("webhook-signature").split(" "))
                .hasSize(1);
    }

    @BothDatabases
    void the_ssrf_guard_refuses_internal_addresses_unless_allowed(TestDatabase db) {
        World w = world(db, SyncConfig.defaults());
        for (String bad : List.of(url("/x"), "http://localhost/x", "http://10.1.2.3/x", "http://192.168.0.1/",
                "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[fd00::1]/",
                "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://100.64.0.1/", "ftp://example.com/",
                "http://user:pw@example.com/", "not a url")) {
            assertThatThrownBy(() -> w.sync.outbound().createEndpoint(w.ctx, NewEndpoint.of(bad, "*"))).as(bad)
                    .isInstanceOfSatisfying(CityOsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
        assertThat(w.sync.outbound().endpoints(w.ctx, PageRequest.first(10)).items()).isEmpty();
        // an explicitly allowed host passes whatever it resolves to
        Sync allowing = Sync.create(org.cityos.core.CityOs.builder().dataSource(db.dataSource()).clock(clock)
                .jobNamespace("other").migrateOnStart(false).build(), SyncConfig.builder().allowedHosts(java.util.Set.of("localhost")).build());
        assertThat(allowing.outbound().createEndpoint(w.ctx, NewEndpoint.of("http://localhost:9/x", "*")).enabled())
                .isTrue();
    }
}
