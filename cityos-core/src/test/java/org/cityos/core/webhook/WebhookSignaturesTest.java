package org.cityos.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cityos.core.ErrorCode;
import org.cityos.core.webhook.WebhookVerificationException.Reason;
import org.junit.jupiter.api.Test;

/** Adversarial checks of the three signature schemes: what passes, and the typed reason for what does not. */
class WebhookSignaturesTest {
    private static final byte[] BODY = "{\"type\":\"order.placed\",\"data\":{\"total\":1200, \"currency\":\"SAR\"}}"
            .getBytes(StandardCharsets.UTF_8);
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    private static void assertRefused(Runnable r, Reason reason) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(WebhookVerificationException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        });
    }

    private static Map<String, String> with(Map<String, String> h, String k, String v) {
        Map<String, String> m = new HashMap<>(h);
        if (v == null) {
            m.remove(k);
        } else {
            m.put(k, v);
        }
        return m;
    }

    @Test
    void the_standard_webhooks_reference_vector_signs_as_published() {
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(StandardWebhooks.signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void a_signed_webhook_verifies_once_and_a_replay_is_refused() {
        WebhookSecret secret = WebhookSecret.generate();
        StandardWebhooks sw = StandardWebhooks.create(clock);
        Map<String, String> h = sw.sign("msg_1", BODY, List.of(secret));
        assertThat(h.get("webhook-timestamp")).isEqualTo(Long.toString(now.getEpochSecond()));
        assertThat(sw.verify(h, BODY, List.of(secret)).id()).isEqualTo("msg_1");
        assertRefused(() -> sw.verify(h, BODY, List.of(secret)), Reason.REPLAYED);
        // header names are case-insensitive, as in HTTP
        Map<String, String> upper = new HashMap<>();
        sw.sign("msg_2", BODY, List.of(secret)).forEach((k, v) -> upper.put(k.toUpperCase(), v));
        assertThat(sw.verify(upper, BODY, List.of(secret)).id()).isEqualTo("msg_2");
    }

    @Test
    void a_tampered_or_reserialised_body_is_refused() {
        WebhookSecret secret = WebhookSecret.generate();
        StandardWebhooks sw = StandardWebhooks.create(clock);
        Map<String, String> h = sw.sign("msg_1", BODY, List.of(secret));
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("1200", "1").getBytes(StandardCharsets.UTF_8);
        assertRefused(() -> sw.verify(h, tampered, List.of(secret)), Reason.SIGNATURE_MISMATCH);
        // the same JSON with other whitespace is other bytes: the raw body is what is signed
        byte[] reserialised = new String(BODY, StandardCharsets.UTF_8).replace(", ", ",").getBytes(StandardCharsets.UTF_8);
        assertRefused(() -> sw.verify(h, reserialised, List.of(secret)), Reason.SIGNATURE_MISMATCH);
        // an id or timestamp swapped under the same signature
        assertRefused(() -> sw.verify(with(h, "webhook-id", "msg_2"), BODY, List.of(secret)), Reason.SIGNATURE_MISMATCH);
        assertRefused(() -> sw.verify(with(h, "webhook-timestamp", Long.toString(now.getEpochSecond() - 1)), BODY,
                List.of(secret)), Reason.SIGNATURE_MISMATCH);
        assertRefused(() -> sw.verify(h, BODY, List.of(WebhookSecret.generate())), Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void timestamps_outside_five_minutes_either_way_are_refused() {
        WebhookSecret secret = WebhookSecret.generate();
        StandardWebhooks old = StandardWebhooks.create(Clock.fixed(now.minus(Duration.ofMinutes(5)).minusSeconds(1),
                ZoneOffset.UTC));
        StandardWebhooks edge = StandardWebhooks.create(Clock.fixed(now.minus(Duration.ofMinutes(5)), ZoneOffset.UTC));
        StandardWebhooks future = StandardWebhooks.create(Clock.fixed(now.plus(Duration.ofMinutes(6)), ZoneOffset.UTC));
        StandardWebhooks receiver = StandardWebhooks.create(clock);
        assertRefused(() -> receiver.verify(old.sign("a", BODY, List.of(secret)), BODY, List.of(secret)),
                Reason.STALE_TIMESTAMP);
        assertThat(receiver.verify(edge.sign("b", BODY, List.of(secret)), BODY, List.of(secret)).id()).isEqualTo("b");
        assertRefused(() -> receiver.verify(future.sign("c", BODY, List.of(secret)), BODY, List.of(secret)),
                Reason.STALE_TIMESTAMP);
        assertRefused(() -> receiver.verify(with(edge.sign("d", BODY, List.of(secret)), "webhook-timestamp", "yesterday"),
                BODY, List.of(secret)), Reason.MALFORMED_HEADER);
    }

    @Test
    void several_signatures_pass_when_one_is_valid_and_secrets_rotate() {
        WebhookSecret oldSecret = WebhookSecret.generate();
        WebhookSecret newSecret = WebhookSecret.generate();
        StandardWebhooks sw = StandardWebhooks.create(clock);
        // the sender signs with both during rotation; a receiver knowing either accepts
        Map<String, String> h = sw.sign("msg_1", BODY, List.of(oldSecret, newSecret));
        assertThat(h.get("webhook-signature").split(" ")).hasSize(2);
        assertThat(sw.withReplayGuard(ReplayGuard.none()).verify(h, BODY, List.of(newSecret)).id()).isEqualTo("msg_1");
        assertThat(sw.withReplayGuard(ReplayGuard.none()).verify(h, BODY, List.of(oldSecret)).id()).isEqualTo("msg_1");
        // junk and unknown versions beside one valid signature
        String valid = StandardWebhooks.signature(newSecret, "msg_2", now.getEpochSecond(), BODY);
        Map<String, String> mixed = Map.of("webhook-id", "msg_2", "webhook-timestamp", Long.toString(now.getEpochSecond()),
                "webhook-signature", "v1,AAAA v2,zzz v1a,abc " + valid + " v1,!!notbase64");
        assertThat(sw.verify(mixed, BODY, List.of(newSecret)).id()).isEqualTo("msg_2");
        assertRefused(() -> sw.verify(with(mixed, "webhook-signature", "v1a,abc v2,def"), BODY, List.of(newSecret)),
                Reason.MALFORMED_HEADER);
    }

    @Test
    void missing_headers_are_named() {
        WebhookSecret secret = WebhookSecret.generate();
        StandardWebhooks sw = StandardWebhooks.create(clock);
        Map<String, String> h = sw.sign("msg_1", BODY, List.of(secret));
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            assertThatThrownBy(() -> sw.verify(with(h, name, null), BODY, List.of(secret)))
                    .isInstanceOfSatisfying(WebhookVerificationException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_HEADER))
                    .hasMessageContaining(name);
        }
        assertRefused(() -> sw.verify(with(h, "webhook-signature", " "), BODY, List.of(secret)), Reason.MISSING_HEADER);
    }

    @Test
    void secrets_parse_only_from_whsec_base64_and_never_print() {
        WebhookSecret s = WebhookSecret.generate();
        assertThat(WebhookSecret.parse(s.encoded())).isEqualTo(s);
        assertThat(s.toString()).doesNotContain(s.encoded().substring(6));
        assertThatThrownBy(() -> WebhookSecret.parse("sk_live_abc")).hasMessageContaining("whsec_").hasMessageNotContaining("sk_live");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_%%%")).hasMessageContaining("base64");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_AAAA")).hasMessageContaining("24 to 64 bytes");
    }

    @Test
    void stripe_signatures_verify_with_any_v1_and_refuse_tampering_and_stale_times() {
        StripeSignatures stripe = StripeSignatures.create(clock);
        String secret = "whsec_test_stripe_secret";
        long t = now.getEpochSecond();
        String header = StripeSignatures.header(secret, t, BODY);
        assertThat(stripe.verify(Map.of("stripe-signature", header), BODY, secret)).isEqualTo(now);
        // a roll: an old-secret signature beside the current one
        String rolled = "t=" + t + ",v1=" + "00".repeat(32) + "," + header.substring(header.indexOf("v1=")) + ",v0=abc";
        assertThat(stripe.verify(Map.of("Stripe-Signature", rolled), BODY, secret)).isEqualTo(now);
        assertRefused(() -> stripe.verify(Map.of("Stripe-Signature", header), "{}".getBytes(StandardCharsets.UTF_8),
                secret), Reason.SIGNATURE_MISMATCH);
        assertRefused(() -> stripe.verify(Map.of("Stripe-Signature", header), BODY, "whsec_other"),
                Reason.SIGNATURE_MISMATCH);
        assertRefused(() -> stripe.verify(Map.of("Stripe-Signature", StripeSignatures.header(secret, t - 301, BODY)), BODY,
                secret), Reason.STALE_TIMESTAMP);
        assertRefused(() -> stripe.verify(Map.of("Stripe-Signature", "v1=abcd"), BODY, secret), Reason.MALFORMED_HEADER);
        assertRefused(() -> stripe.verify(Map.of(), BODY, secret), Reason.MISSING_HEADER);
    }

    @Test
    void github_signatures_verify_the_raw_body_in_constant_time() {
        String secret = "It's a Secret to Everybody";
        // GitHub's documented example
        assertThat(GitHubSignatures.header(secret, "Hello, World!".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        String header = GitHubSignatures.header(secret, BODY);
        GitHubSignatures.verify(Map.of("x-hub-signature-256", header), BODY, secret);
        assertRefused(() -> GitHubSignatures.verify(Map.of("X-Hub-Signature-256", header), "x".getBytes(StandardCharsets.UTF_8),
                secret), Reason.SIGNATURE_MISMATCH);
        assertRefused(() -> GitHubSignatures.verify(Map.of("X-Hub-Signature-256", "sha1=abc"), BODY, secret),
                Reason.MALFORMED_HEADER);
        assertRefused(() -> GitHubSignatures.verify(Map.of("X-Hub-Signature-256", "sha256=zz"), BODY, secret),
                Reason.MALFORMED_HEADER);
        assertRefused(() -> GitHubSignatures.verify(Map.of(), BODY, secret), Reason.MISSING_HEADER);
    }
}
