package org.cityos.sync.webhook;

import static org.cityos.sync.internal.db.Tables.INBOUND_WEBHOOK;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.Ids;
import org.cityos.core.Json;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.internal.Db;
import org.cityos.core.job.JobContext;
import org.cityos.core.job.NewJob;
import org.cityos.core.webhook.GitHubSignatures;
import org.cityos.core.webhook.ReplayGuard;
import org.cityos.core.webhook.StandardWebhooks;
import org.cityos.core.webhook.StripeSignatures;
import org.cityos.core.webhook.WebhookVerificationException;
import org.cityos.sync.internal.db.tables.records.InboundWebhookRecord;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake for inbound webhooks, called by the host's HTTP layer with the tenant, the source
 * name, the headers and the raw body: it verifies the signature (a refused one raises
 * {@link WebhookVerificationException} and stores nothing), dedupes by the sender's id, logs the
 * raw payload and enqueues its processing in one transaction, and returns at once. Processing
 * runs the source's handler for the event type as a job.
 */
public final class InboundWebhooks {
    /** The job type that processes one logged webhook. */
    public static final String PROCESS_JOB = "cityos.webhook.inbound";
    private static final Logger LOG = LoggerFactory.getLogger(InboundWebhooks.class);
    private static final List<String> KEPT_HEADERS = List.of("content-type", "user-agent", StandardWebhooks.ID,
            StandardWebhooks.TIMESTAMP, "stripe-signature", "x-github-delivery", "x-github-event", "x-hub-signature-256");

    private final CityOs cityOs;
    private final Db db;
    private final Map<String, InboundSource> sources = new ConcurrentHashMap<>();

    /** For {@code Sync}: the inbound side on {@code cityOs}. */
    public InboundWebhooks(CityOs cityOs) {
        this.cityOs = cityOs;
        this.db = cityOs.db();
    }

    /** Registers a source on this node; {@code conflict} if one of that name exists. */
    public void register(InboundSource source) {
        if (sources.putIfAbsent(source.name(), source) != null) {
            throw CityOsException.conflict("inbound source '" + source.name() + "' is registered already");
        }
    }

    /**
     * Verifies, dedupes, logs and enqueues a webhook for {@code ctx}'s tenant. Returns the log id and
     * whether it was a duplicate; raises {@link WebhookVerificationException} (code
     * {@code unauthenticated}) when the signature does not hold, and {@code not_found} for an
     * unknown source.
     */
    public InboundResult receive(TenantContext ctx, String sourceName, Map<String, String> headers, byte[] body) {
        InboundSource source = Optional.ofNullable(sources.get(sourceName))
                .orElseThrow(() -> CityOsException.notFound("inbound source", sourceName));
        String senderId;
        String type;
        switch (source.scheme()) {
            case STANDARD_WEBHOOKS -> {
                // dedupe is the log's unique key (shared by every node), not a memory of this one
                senderId = StandardWebhooks.create(db.clock()).withReplayGuard(ReplayGuard.none())
                        .verify(headers, body, source.standardSecrets()).id();
                type = jsonText(body, "type").orElse("unknown");
            }
            case STRIPE -> {
                StripeSignatures.create(db.clock()).verify(headers, body, source.plainSecret());
                senderId = jsonText(body, "id").orElseThrow(() -> CityOsException.invalid("stripe event", "(body)",
                        "has no id"));
                type = jsonText(body, "type").orElse("unknown");
            }
            case GITHUB -> {
                GitHubSignatures.verify(headers, body, source.plainSecret());
                senderId = header(headers, GitHubSignatures.DELIVERY);
                if (senderId == null || senderId.isBlank()) {
                    throw new WebhookVerificationException(WebhookVerificationException.Reason.MISSING_HEADER,
                            "header " + GitHubSignatures.DELIVERY + " is missing");
                }
                type = Optional.ofNullable(header(headers, GitHubSignatures.EVENT)).orElse("unknown");
            }
            case HMAC_SHA256_HEX -> {
                InboundSource.HmacLayout layout = source.hmac();
                verifyHexHmac(headers, body, source.plainSecret(), layout.signatureHeader());
                senderId = jsonText(body, layout.idField()).orElseThrow(() -> CityOsException.invalid(
                        source.name() + " event", "(body)", "has no " + layout.idField()));
                type = jsonText(body, layout.typeField()).orElse("unknown");
            }
            default -> throw new IllegalStateException("unknown scheme " + source.scheme());
        }
        String sender = cut(senderId, 255);
        String eventType = cut(type, 200);
        Map<String, String> kept = new TreeMap<>();
        for (String h : KEPT_HEADERS) {
            String v = header(headers, h);
            if (v != null) {
                kept.put(h, cut(v, 500));
            }
        }
        UUID id = Ids.next(db.clock());
        return db.tenant(ctx, tx -> {
            OffsetDateTime now = OffsetDateTime.ofInstant(db.clock().instant().truncatedTo(ChronoUnit.MILLIS),
                    ZoneOffset.UTC);
            int n = tx.insertInto(INBOUND_WEBHOOK)
                    .set(INBOUND_WEBHOOK.TENANT_ID, ctx.tenant().value()).set(INBOUND_WEBHOOK.ID, id)
                    .set(INBOUND_WEBHOOK.SOURCE, source.name()).set(INBOUND_WEBHOOK.SENDER_ID, sender)
                    .set(INBOUND_WEBHOOK.EVENT_TYPE, eventType).set(INBOUND_WEBHOOK.HEADERS, Json.write(kept))
                    .set(INBOUND_WEBHOOK.BODY, body).set(INBOUND_WEBHOOK.STATUS, "received")
                    .set(INBOUND_WEBHOOK.RECEIVED_AT, now)
                    .onConflict(INBOUND_WEBHOOK.TENANT_ID, INBOUND_WEBHOOK.SOURCE, INBOUND_WEBHOOK.SENDER_ID).doNothing()
                    .execute();
            if (n == 0) {
                UUID existing = tx.select(INBOUND_WEBHOOK.ID).from(INBOUND_WEBHOOK)
                        .where(INBOUND_WEBHOOK.TENANT_ID.eq(ctx.tenant().value()),
                                INBOUND_WEBHOOK.SOURCE.eq(source.name()), INBOUND_WEBHOOK.SENDER_ID.eq(sender))
                        .fetchOne(INBOUND_WEBHOOK.ID);
                LOG.debug("inbound webhook {} from {} is a duplicate", sender, source.name());
                return new InboundResult(new InboundId(existing), true);
            }
            cityOs.jobs().enqueue(tx, NewJob.of(PROCESS_JOB, Map.of("inbound", id.toString())).withTenant(ctx.tenant()));
            return new InboundResult(new InboundId(id), false);
        });
    }

    /** A logged inbound webhook of the tenant. */
    public Optional<InboundWebhook> get(TenantContext ctx, InboundId id) {
        return db.tenant(ctx, tx -> find(tx, ctx.tenant(), id.value()).map(r -> new InboundWebhook(toMessage(r),
                r.getStatus(), Optional.ofNullable(r.getError()))));
    }

    private static Optional<InboundWebhookRecord> find(DSLContext tx, TenantId tenant, UUID id) {
        return tx.selectFrom(INBOUND_WEBHOOK)
                .where(INBOUND_WEBHOOK.TENANT_ID.eq(tenant.value()), INBOUND_WEBHOOK.ID.eq(id)).fetchOptional();
    }

    private static InboundMessage toMessage(InboundWebhookRecord r) {
        return new InboundMessage(new InboundId(r.getId()), new TenantId(r.getTenantId()), r.getSource(),
                r.getSenderId(), r.getEventType(), r.getBody(), r.getReceivedAt().toInstant());
    }

    /** The job handler: runs the source's handler for the logged webhook and records the outcome. */
    public void process(JobContext job) throws Exception {
        TenantContext ctx = job.requireTenant();
        UUID id = UUID.fromString(job.payload(Map.class).get("inbound").toString());
        InboundWebhookRecord r = find(job.tx(), ctx.tenant(), id).orElse(null);
        if (r == null || !"received".equals(r.getStatus())) {
            return;
        }
        InboundSource source = sources.get(r.getSource());
        if (source == null) {
            throw CityOsException.notFound("inbound source on this node", r.getSource());
        }
        Optional<InboundHandler> handler = source.handler(r.getEventType());
        String status = "ignored";
        if (handler.isPresent()) {
            try {
                handler.get().handle(toMessage(r), job);
            } catch (Exception e) {
                if (job.lastAttempt()) {
                    db.tenant(ctx, tx -> setStatus(tx, ctx.tenant(), id, "failed", e.toString()));
                }
                throw e;
            }
            status = "processed";
        }
        setStatus(job.tx(), ctx.tenant(), id, status, null);
    }

    private int setStatus(DSLContext tx, TenantId tenant, UUID id, String status, String error) {
        return tx.update(INBOUND_WEBHOOK).set(INBOUND_WEBHOOK.STATUS, status)
                .set(INBOUND_WEBHOOK.ERROR, error == null ? null : cut(error, 1000))
                .set(INBOUND_WEBHOOK.PROCESSED_AT, OffsetDateTime.ofInstant(db.clock().instant(), ZoneOffset.UTC))
                .where(INBOUND_WEBHOOK.TENANT_ID.eq(tenant.value()), INBOUND_WEBHOOK.ID.eq(id)).execute();
    }

    private static void verifyHexHmac(Map<String, String> headers, byte[] body, String secret, String header) {
        String given = header(headers, header);
        if (given == null || given.isBlank()) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.MISSING_HEADER,
                    "header " + header + " is missing");
        }
        byte[] expected;
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "HmacSHA256"));
            expected = java.util.HexFormat.of().formatHex(mac.doFinal(body))
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
        byte[] actual = given.trim().toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (!java.security.MessageDigest.isEqual(expected, actual)) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.SIGNATURE_MISMATCH,
                    "header " + header + " does not match the body");
        }
    }

    private static Optional<String> jsonText(byte[] body, String field) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            return n != null && n.hasNonNull(field) && n.get(field).isValueNode() ? Optional.of(n.get(field).asText())
                    : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String cut(String s, int n) {
        return s.length() > n ? s.substring(0, n) : s;
    }
}
