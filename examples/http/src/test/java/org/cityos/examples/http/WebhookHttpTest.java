package org.cityos.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityos.examples.http.HostFixture.hostOf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cityos.core.TenantContext;
import org.cityos.core.webhook.StandardWebhooks;
import org.cityos.core.webhook.WebhookSecret;
import org.cityos.examples.http.HostFixture.Response;
import org.cityos.sync.webhook.InboundId;
import org.cityos.testkit.JobsTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookHttpTest {
    private final HostFixture f = HostFixture.start();

    @AfterAll
    void stop() {
        f.close();
    }

    private Response send(String host, String source, byte[] body, Map<String, String> headers) {
        List<String> flat = new ArrayList<>();
        headers.forEach((k, v) -> {
            flat.add(k);
            flat.add(v);
        });
        return f.send(host, "POST", "/webhooks/" + source, body, flat.toArray(String[]::new));
    }

    private Map<String, String> signed(String id, byte[] body, WebhookSecret secret) {
        return StandardWebhooks.create(f.clock).sign(id, body, List.of(secret));
    }

    @Test
    void a_signed_webhook_is_accepted_once_and_processed() {
        byte[] body = "{\"type\":\"stock.changed\",\"data\":{\"productId\":\"p-dates\",\"stock\":12}}"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = signed("msg_1", body, HostFixture.WEBHOOK_SECRET);

        Response first = send(hostOf(f.alpha), "erp", body, headers);
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(first.json().path("duplicate").asBoolean()).isFalse();
        Response again = send(hostOf(f.alpha), "erp", body, headers);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().path("duplicate").asBoolean()).isTrue();
        assertThat(again.json().path("id").asText()).isEqualTo(first.json().path("id").asText());

        JobsTestSupport.runUntilIdle(f.host.cityOs());
        var logged = f.host.sync().inbound().get(TenantContext.system(f.alpha.id(), "test"),
                new InboundId(java.util.UUID.fromString(first.json().path("id").asText()))).orElseThrow();
        assertThat(logged.status()).isEqualTo("processed");
        assertThat(logged.message().eventType()).isEqualTo("stock.changed");
    }

    @Test
    void a_tampered_or_unsigned_webhook_is_refused_and_not_stored() {
        byte[] body = "{\"type\":\"stock.changed\",\"data\":{\"stock\":1}}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = signed("msg_2", body, HostFixture.WEBHOOK_SECRET);
        byte[] tampered = "{\"type\":\"stock.changed\",\"data\":{\"stock\":9}}".getBytes(StandardCharsets.UTF_8);

        Response r = send(hostOf(f.alpha), "erp", tampered, headers);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("unauthenticated");
        Response otherSecret = send(hostOf(f.alpha), "erp", body, signed("msg_3", body, WebhookSecret.generate()));
        assertThat(otherSecret.status()).isEqualTo(401);
        Response unsigned = send(hostOf(f.alpha), "erp", body, Map.of());
        assertThat(unsigned.status()).isEqualTo(401);
        // the genuine message still goes through: nothing was stored under its id by the refused attempts
        Response genuine = send(hostOf(f.alpha), "erp", body, headers);
        assertThat(genuine.status()).isEqualTo(202);
        assertThat(genuine.json().path("duplicate").asBoolean()).isFalse();
    }

    @Test
    void an_unknown_source_or_tenant_is_404() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(send(hostOf(f.alpha), "crm", body, signed("m", body, HostFixture.WEBHOOK_SECRET)).status())
                .isEqualTo(404);
        assertThat(send("nobody.localhost", "erp", body, signed("m", body, HostFixture.WEBHOOK_SECRET)).status())
                .isEqualTo(404);
    }
}
