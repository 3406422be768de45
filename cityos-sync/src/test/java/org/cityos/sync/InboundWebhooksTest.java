package org.cityos.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.core.webhook.GitHubSignatures;
import org.cityos.core.webhook.StandardWebhooks;
import org.cityos.core.webhook.StripeSignatures;
import org.cityos.core.webhook.WebhookSecret;
import org.cityos.core.webhook.WebhookVerificationException;
import org.cityos.sync.webhook.InboundResult;
import org.cityos.sync.webhook.InboundSource;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** Inbound intake: verify, dedupe by sender id, keep the raw body, process by source and type. */
class InboundWebhooksTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    private final WebhookSecret secret = WebhookSecret.generate();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @BothDatabases
    void a_verified_webhook_is_logged_raw_processed_once_and_its_redelivery_is_a_duplicate(TestDatabase db) {
        SyncFixtures f = new SyncFixtures(db.cityOs(clock));
        TenantContext ctx = f.tenant("t1");
        Sync sync = Sync.create(f.cityOs);
        List<String> handled = new CopyOnWriteArrayList<>();
        sync.inbound().register(InboundSource.standard("billing", List.of(secret))
                .on("invoice.paid", (m, job) -> handled.add(m.senderId() + ":" + m.bodyText() + ":" + job.requireTenant().tenant())));
        // odd spacing and a non-ASCII character: the raw bytes are what is kept
        byte[] body = bytes("{ \"type\":\"invoice.paid\",  \"data\": {\"amount\": 500, \"note\": \"\u00e9t\u00e9\"} }");
        Map<String, String> headers = new HashMap<>(StandardWebhooks.create(clock).sign("msg_1", body, List.of(secret)));
        headers.put("Authorization", "Bearer not-to-be-stored");

        InboundResult first = sync.inbound().receive(ctx, "billing", headers, body);
        InboundResult again = sync.inbound().receive(ctx, "billing", headers, body);
        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(sync.inbound().get(ctx, first.id())).hasValueSatisfying(w -> {
            assertThat(w.message().body()).isEqualTo(body);
            assertThat(w.message().eventType()).isEqualTo("invoice.paid");
            assertThat(w.status()).isEqualTo("received");
        });

        assertThat(JobsTestSupport.runUntilIdle(f.cityOs)).isEqualTo(1);
        assertThat(handled).containsExactly("msg_1:" + new String(body, StandardCharsets.UTF_8) + ":" + ctx.tenant());
        assertThat(sync.inbound().get(ctx, first.id())).hasValueSatisfying(w -> assertThat(w.status()).isEqualTo("processed"));
    }

    @BothDatabases
    void a_webhook_that_fails_verification_is_refused_and_not_logged(TestDatabase db) {
        SyncFixtures f = new SyncFixtures(db.cityOs(clock));
        TenantContext ctx = f.tenant("t1");
        Sync sync = Sync.create(f.cityOs);
        sync.inbound().register(InboundSource.standard("billing", List.of(secret)).on("*", (m, job) -> { }));
        byte[] body = bytes("{\"type\":\"invoice.paid\"}");
        Map<String, String> headers = StandardWebhooks.create(clock).sign("msg_1", body, List.of(secret));

        assertThatThrownBy(() -> sync.inbound().receive(ctx, "billing", headers, bytes("{\"type\":\"invoice.void\"}")))
                .isInstanceOfSatisfying(WebhookVerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.SIGNATURE_MISMATCH);
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                });
        clock.advance(Duration.ofMinutes(6));
        assertThatThrownBy(() -> sync.inbound().receive(ctx, "billing", headers, body))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.STALE_TIMESTAMP));
        assertThatThrownBy(() -> sync.inbound().receive(ctx, "nobody", headers, body))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(JobsTestSupport.runUntilIdle(f.cityOs)).isZero();
    }

    @BothDatabases
    void stripe_and_github_senders_are_verified_deduped_and_routed_by_type(TestDatabase db) {
        SyncFixtures f = new SyncFixtures(db.cityOs(clock));
        TenantContext ctx = f.tenant("t1");
        Sync sync = Sync.create(f.cityOs);
        List<String> seen = new CopyOnWriteArrayList<>();
        sync.inbound().register(InboundSource.stripe("stripe", "whsec_stripe_test")
                .on("payment_intent.succeeded", (m, job) -> seen.add("stripe:" + m.senderId())));
        sync.inbound().register(InboundSource.github("github", "gh-secret")
                .on("push", (m, job) -> seen.add("github:" + m.senderId())));

        byte[] stripeBody = bytes("{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}");
        Map<String, String> stripeHeaders = Map.of("Stripe-Signature",
                StripeSignatures.header("whsec_stripe_test", clock.instant().getEpochSecond(), stripeBody));
        assertThat(sync.inbound().receive(ctx, "stripe", stripeHeaders, stripeBody).duplicate()).isFalse();
        assertThat(sync.inbound().receive(ctx, "stripe", stripeHeaders, stripeBody).duplicate()).isTrue();
        byte[] ignoredBody = bytes("{\"id\":\"evt_2\",\"type\":\"charge.refunded\"}");
        InboundResult ignored = sync.inbound().receive(ctx, "stripe", Map.of("Stripe-Signature",
                StripeSignatures.header("whsec_stripe_test", clock.instant().getEpochSecond(), ignoredBody)), ignoredBody);

        byte[] ghBody = bytes("{\"ref\":\"refs/heads/main\"}");
        Map<String, String> gh = Map.of("X-Hub-Signature-256", GitHubSignatures.header("gh-secret", ghBody),
                "X-GitHub-Delivery", "72d3162e", "X-GitHub-Event", "push");
        assertThat(sync.inbound().receive(ctx, "github", gh, ghBody).duplicate()).isFalse();
        assertThatThrownBy(() -> sync.inbound().receive(ctx, "github", Map.of("X-Hub-Signature-256",
                GitHubSignatures.header("gh-secret", ghBody)), ghBody))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.MISSING_HEADER));

        JobsTestSupport.runUntilIdle(f.cityOs);
        assertThat(seen).containsExactlyInAnyOrder("stripe:evt_1", "github:72d3162e");
        assertThat(sync.inbound().get(ctx, ignored.id())).hasValueSatisfying(w -> assertThat(w.status()).isEqualTo("ignored"));
    }

    @BothDatabases
    void a_hex_hmac_sender_such_as_fleetbase_is_verified_by_its_signature_header_and_deduped_by_event_id(
            TestDatabase db) throws Exception {
        SyncFixtures f = new SyncFixtures(db.cityOs(clock));
        TenantContext ctx = f.tenant("t1");
        Sync sync = Sync.create(f.cityOs);
        List<String> handled = new CopyOnWriteArrayList<>();
        sync.inbound().register(InboundSource.fleetbase("fleetbase", "api-secret")
                .on("order.completed", (m, job) -> handled.add(m.senderId())));
        byte[] body = bytes("{\"id\":\"event_1\",\"event\":\"order.completed\",\"data\":{\"id\":\"order_1\"}}");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(bytes("api-secret"), "HmacSHA256"));
        String sig = java.util.HexFormat.of().formatHex(mac.doFinal(body));

        assertThat(sync.inbound().receive(ctx, "fleetbase", Map.of("Signature", sig.toUpperCase()), body).duplicate())
                .isFalse();
        assertThat(sync.inbound().receive(ctx, "fleetbase", Map.of("signature", sig), body).duplicate()).isTrue();
        assertThatThrownBy(() -> sync.inbound().receive(ctx, "fleetbase", Map.of("Signature", sig),
                bytes("{\"id\":\"event_2\",\"event\":\"order.completed\"}")))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.SIGNATURE_MISMATCH));
        assertThatThrownBy(() -> sync.inbound().receive(ctx, "fleetbase", Map.of(), body))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.MISSING_HEADER));
        JobsTestSupport.runUntilIdle(f.cityOs);
        assertThat(handled).containsExactly("event_1");
    }

    @BothDatabases
    void a_failing_handler_is_retried_and_marked_failed_after_its_last_attempt(TestDatabase db) {
        SyncFixtures f = new SyncFixtures(db.cityOs(clock));
        TenantContext ctx = f.tenant("t1");
        Sync sync = Sync.create(f.cityOs);
        AtomicInteger calls = new AtomicInteger();
        sync.inbound().register(InboundSource.standard("billing", List.of(secret)).on("*", (m, job) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("ledger unavailable");
        }));
        byte[] body = bytes("{\"type\":\"invoice.paid\"}");
        InboundResult r = sync.inbound().receive(ctx, "billing",
                StandardWebhooks.create(clock).sign("msg_9", body, List.of(secret)), body);
        for (int i = 0; i < 12; i++) {
            JobsTestSupport.runUntilIdle(f.cityOs);
            clock.advance(Duration.ofHours(1));
        }
        assertThat(calls).hasValue(10);
        assertThat(sync.inbound().get(ctx, r.id())).hasValueSatisfying(w -> {
            assertThat(w.status()).isEqualTo("failed");
            assertThat(w.error()).hasValueSatisfying(e -> assertThat(e).contains("ledger unavailable"));
        });
    }
}
