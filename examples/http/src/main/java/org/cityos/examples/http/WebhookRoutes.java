package org.cityos.examples.http;

import java.util.Map;
import java.util.TreeMap;

import io.javalin.config.RoutesConfig;
import org.cityos.core.TenantContext;
import org.cityos.sync.webhook.InboundResult;
import org.cityos.sync.webhook.InboundWebhooks;

/**
 * {@code POST /webhooks/{source}}: hands an inbound webhook to cityos-sync's intake for the
 * tenant the host names. The intake verifies the signature over the raw body bytes (a bad one
 * is {@code unauthenticated}, 401, and stores nothing), dedupes by the sender's id, logs it and
 * queues its processing; the answer is 202 at once.
 */
final class WebhookRoutes {
    private final RequestGate gate;
    private final InboundWebhooks inbound;

    WebhookRoutes(RequestGate gate, InboundWebhooks inbound) {
        this.gate = gate;
        this.inbound = inbound;
    }

    void register(RoutesConfig routes) {
        routes.post("/webhooks/{source}", ctx -> {
            String source = ctx.pathParam("source");
            TenantContext t = gate.tenantAsSystem(ctx, "webhook:" + source);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(ctx.headerMap());
            // the raw bytes as received: re-serialised JSON would not match the signature
            InboundResult r = inbound.receive(t, source, headers, ctx.bodyAsBytes());
            ctx.status(202).json(Map.of("id", r.id().toString(), "duplicate", r.duplicate()));
        });
    }
}
