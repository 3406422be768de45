package org.cityos.sync.webhook;

import static org.cityos.sync.internal.db.Tables.WEBHOOK_ATTEMPT;
import static org.cityos.sync.internal.db.Tables.WEBHOOK_DELIVERY;
import static org.cityos.sync.internal.db.Tables.WEBHOOK_ENDPOINT;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.Ids;
import org.cityos.core.Json;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.Values;
import org.cityos.core.event.Event;
import org.cityos.core.event.EventDelivery;
import org.cityos.core.internal.Db;
import org.cityos.core.ops.MetricsRecorder;
import org.cityos.sync.SyncMetrics;
import org.cityos.core.job.JobContext;
import org.cityos.core.job.NewJob;
import org.cityos.core.job.RetryLater;
import org.cityos.core.webhook.StandardWebhooks;
import org.cityos.core.webhook.WebhookSecret;
import org.cityos.sync.SyncConfig;
import org.cityos.sync.internal.UrlGuard;
import org.cityos.sync.internal.db.tables.records.WebhookDeliveryRecord;
import org.cityos.sync.internal.db.tables.records.WebhookEndpointRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound webhooks of each tenant: endpoints (URL, event types, rotatable {@code whsec_} secret,
 * enabled flag), and deliveries of the tenant's committed events to them through the job
 * queue, signed with the Standard Webhooks headers, retried on failure or non-2xx per the
 * configured schedule (honouring {@code Retry-After} on 429 and 503), disabling the endpoint on
 * 410 or after too many consecutive failures (with a {@code webhook.endpoint_disabled} event),
 * every attempt logged. Endpoint URLs pass an SSRF guard when registered and before each attempt.
 */
public final class OutboundWebhooks {
    /** The job type of one delivery attempt. */
    public static final String DELIVER_JOB = "cityos.webhook.deliver";
    /** The event subscriber that turns events into deliveries. */
    public static final String SUBSCRIBER = "cityos-webhooks";
    private static final Logger LOG = LoggerFactory.getLogger(OutboundWebhooks.class);
    private static final int EXCERPT = 1024;
    private static final String PENDING = "pending";
    private static final String SUCCEEDED = "succeeded";
    private static final String FAILED = "failed";

    private final CityOs cityOs;
    private final Db db;
    private final SyncConfig config;
    private final UrlGuard guard;
    private final HttpClient http;
    private final StandardWebhooks signer;
    private final MetricsRecorder recorder;

    /** For {@code Sync}: the outbound side on {@code cityOs} with {@code config}. */
    public OutboundWebhooks(CityOs cityOs, SyncConfig config) {
        this.cityOs = cityOs;
        this.db = cityOs.db();
        this.config = config;
        this.guard = new UrlGuard(config.allowPrivateNetworks(), config.allowedHosts());
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.signer = StandardWebhooks.create(db.clock());
        this.recorder = cityOs.operations().recorder();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(db.clock().instant().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }

    // ---- endpoints

    /** Registers an endpoint with a fresh secret; {@code invalid_argument} for a URL the SSRF guard refuses. */
    public WebhookEndpoint createEndpoint(TenantContext ctx, NewEndpoint e) {
        guard.check(e.url());
        UUID id = Ids.next(db.clock());
        WebhookSecret secret = WebhookSecret.generate();
        return db.tenant(ctx, tx -> {
            OffsetDateTime now = now();
            tx.insertInto(WEBHOOK_ENDPOINT)
                    .set(WEBHOOK_ENDPOINT.TENANT_ID, ctx.tenant().value()).set(WEBHOOK_ENDPOINT.ID, id)
                    .set(WEBHOOK_ENDPOINT.URL, e.url()).set(WEBHOOK_ENDPOINT.DESCRIPTION, e.description().orElse(null))
                    .set(WEBHOOK_ENDPOINT.EVENT_TYPES, String.join(",", new java.util.TreeSet<>(e.eventTypes())))
                    .set(WEBHOOK_ENDPOINT.VENDOR_ID, e.vendorId().orElse(null))
                    .set(WEBHOOK_ENDPOINT.SECRET, secret.encoded()).set(WEBHOOK_ENDPOINT.ENABLED, true)
                    .set(WEBHOOK_ENDPOINT.CONSECUTIVE_FAILURES, 0)
                    .set(WEBHOOK_ENDPOINT.CREATED_AT, now).set(WEBHOOK_ENDPOINT.UPDATED_AT, now).execute();
            return find(tx, ctx.tenant(), new EndpointId(id)).orElseThrow();
        });
    }

    public Optional<WebhookEndpoint> endpoint(TenantContext ctx, EndpointId id) {
        return db.tenant(ctx, tx -> find(tx, ctx.tenant(), id));
    }

    /** The endpoint, or {@code not_found} (also for another tenant's). */
    public WebhookEndpoint requireEndpoint(TenantContext ctx, EndpointId id) {
        return endpoint(ctx, id).orElseThrow(() -> CityOsException.notFound("webhook endpoint", id));
    }

    /** The tenant's endpoints in creation order. */
    public Page<WebhookEndpoint> endpoints(TenantContext ctx, PageRequest page) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<WebhookEndpoint> rows = db.tenant(ctx, tx -> tx.selectFrom(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.TENANT_ID.eq(ctx.tenant().value()))
                .and(after == null ? DSL.noCondition() : WEBHOOK_ENDPOINT.ID.gt(after))
                .orderBy(WEBHOOK_ENDPOINT.ID).limit(page.limit() + 1).fetch(OutboundWebhooks::toEndpoint));
        return Page.of(rows, page.limit(), r -> r.id().toString());
    }

    /** Disables an endpoint: nothing more is delivered to it (pending deliveries fail). */
    public WebhookEndpoint disable(TenantContext ctx, EndpointId id, String reason) {
        return db.tenant(ctx, tx -> {
            setEnabled(tx, ctx.tenant(), id, false, reason == null ? "disabled by " + ctx.principal().actor() : reason);
            return find(tx, ctx.tenant(), id).orElseThrow();
        });
    }

    /** Enables an endpoint again, resetting its failure count. */
    public WebhookEndpoint enable(TenantContext ctx, EndpointId id) {
        return db.tenant(ctx, tx -> {
            setEnabled(tx, ctx.tenant(), id, true, null);
            return find(tx, ctx.tenant(), id).orElseThrow();
        });
    }

    private void setEnabled(DSLContext tx, TenantId tenant, EndpointId id, boolean enabled, String reason) {
        int n = tx.update(WEBHOOK_ENDPOINT).set(WEBHOOK_ENDPOINT.ENABLED, enabled)
                .set(WEBHOOK_ENDPOINT.DISABLED_REASON, reason)
                .set(WEBHOOK_ENDPOINT.CONSECUTIVE_FAILURES, enabled ? DSL.val(0) : WEBHOOK_ENDPOINT.CONSECUTIVE_FAILURES)
                .set(WEBHOOK_ENDPOINT.UPDATED_AT, now())
                .where(WEBHOOK_ENDPOINT.TENANT_ID.eq(tenant.value()), WEBHOOK_ENDPOINT.ID.eq(id.value())).execute();
        if (n == 0) {
            throw CityOsException.notFound("webhook endpoint", id);
        }
    }

    /**
     * Gives the endpoint a new secret; deliveries are signed with both the new and the old one
     * until {@code overlap} has passed, so the receiver can switch without losing messages.
     */
    public WebhookEndpoint rotateSecret(TenantContext ctx, EndpointId id, Duration overlap) {
        WebhookSecret fresh = WebhookSecret.generate();
        return db.tenant(ctx, tx -> {
            WebhookEndpoint current = find(tx, ctx.tenant(), id)
                    .orElseThrow(() -> CityOsException.notFound("webhook endpoint", id));
            tx.update(WEBHOOK_ENDPOINT).set(WEBHOOK_ENDPOINT.PREVIOUS_SECRET, current.secret())
                    .set(WEBHOOK_ENDPOINT.PREVIOUS_SECRET_EXPIRES_AT, now().plus(overlap))
                    .set(WEBHOOK_ENDPOINT.SECRET, fresh.encoded()).set(WEBHOOK_ENDPOINT.UPDATED_AT, now())
                    .where(WEBHOOK_ENDPOINT.TENANT_ID.eq(ctx.tenant().value()), WEBHOOK_ENDPOINT.ID.eq(id.value()))
                    .execute();
            return find(tx, ctx.tenant(), id).orElseThrow();
        });
    }

    private Optional<WebhookEndpoint> find(DSLContext tx, TenantId tenant, EndpointId id) {
        return tx.selectFrom(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.TENANT_ID.eq(tenant.value()), WEBHOOK_ENDPOINT.ID.eq(id.value()))
                .fetchOptional(OutboundWebhooks::toEndpoint);
    }

    private static WebhookEndpoint toEndpoint(WebhookEndpointRecord r) {
        return new WebhookEndpoint(new EndpointId(r.getId()), new TenantId(r.getTenantId()), r.getUrl(),
                new LinkedHashSet<>(Arrays.asList(r.getEventTypes().split(","))), Optional.ofNullable(r.getDescription()),
                Optional.ofNullable(r.getVendorId()), r.getSecret(), r.getEnabled(),
                Optional.ofNullable(r.getDisabledReason()), r.getConsecutiveFailures(), r.getCreatedAt().toInstant());
    }

    // ---- deliveries

    /** The deliveries to an endpoint, newest last, keyset-paginated. */
    public Page<WebhookDelivery> deliveries(TenantContext ctx, EndpointId endpoint, PageRequest page) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<WebhookDelivery> rows = db.tenant(ctx, tx -> tx.selectFrom(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.TENANT_ID.eq(ctx.tenant().value()),
                        WEBHOOK_DELIVERY.ENDPOINT_ID.eq(endpoint.value()))
                .and(after == null ? DSL.noCondition() : WEBHOOK_DELIVERY.ID.gt(after))
                .orderBy(WEBHOOK_DELIVERY.ID).limit(page.limit() + 1).fetch(OutboundWebhooks::toDelivery));
        return Page.of(rows, page.limit(), r -> r.id().toString());
    }

    public Optional<WebhookDelivery> delivery(TenantContext ctx, DeliveryId id) {
        return db.tenant(ctx, tx -> tx.selectFrom(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.TENANT_ID.eq(ctx.tenant().value()), WEBHOOK_DELIVERY.ID.eq(id.value()))
                .fetchOptional(OutboundWebhooks::toDelivery));
    }

    /** The logged attempts of a delivery, oldest first. */
    public List<DeliveryAttempt> attempts(TenantContext ctx, DeliveryId id) {
        return db.tenant(ctx, tx -> tx.selectFrom(WEBHOOK_ATTEMPT)
                .where(WEBHOOK_ATTEMPT.TENANT_ID.eq(ctx.tenant().value()), WEBHOOK_ATTEMPT.DELIVERY_ID.eq(id.value()))
                .orderBy(WEBHOOK_ATTEMPT.ID)
                .fetch(r -> new DeliveryAttempt(r.getAttemptedAt().toInstant(), Optional.ofNullable(r.getStatusCode()),
                        r.getLatencyMs(), Optional.ofNullable(r.getResponseExcerpt()), Optional.ofNullable(r.getError()))));
    }

    /**
     * Sends a delivery's message again as a new delivery with the same {@code webhook-id} (so a
     * receiver that got it dedupes); {@code not_found} for an unknown delivery.
     */
    public DeliveryId replay(TenantContext ctx, DeliveryId id) {
        return db.tenant(ctx, tx -> {
            WebhookDeliveryRecord d = tx.selectFrom(WEBHOOK_DELIVERY)
                    .where(WEBHOOK_DELIVERY.TENANT_ID.eq(ctx.tenant().value()), WEBHOOK_DELIVERY.ID.eq(id.value()))
                    .fetchOptional().orElseThrow(() -> CityOsException.notFound("webhook delivery", id));
            return createDelivery(tx, ctx.tenant(), d.getEndpointId(), d.getMessageId(), d.getEventId(),
                    d.getEventType(), d.getPayload(), null);
        });
    }

    private DeliveryId createDelivery(DSLContext tx, TenantId tenant, UUID endpoint, String messageId, UUID eventId,
                                      String eventType, String payload, String idempotencyKey) {
        UUID id = Ids.next(db.clock());
        OffsetDateTime now = now();
        tx.insertInto(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.TENANT_ID, tenant.value()).set(WEBHOOK_DELIVERY.ID, id)
                .set(WEBHOOK_DELIVERY.ENDPOINT_ID, endpoint)
                .set(WEBHOOK_DELIVERY.MESSAGE_ID, messageId == null ? "msg_" + id : messageId)
                .set(WEBHOOK_DELIVERY.EVENT_ID, eventId).set(WEBHOOK_DELIVERY.EVENT_TYPE, eventType)
                .set(WEBHOOK_DELIVERY.PAYLOAD, payload).set(WEBHOOK_DELIVERY.STATUS, PENDING)
                .set(WEBHOOK_DELIVERY.ATTEMPTS, 0)
                .set(WEBHOOK_DELIVERY.CREATED_AT, now).set(WEBHOOK_DELIVERY.UPDATED_AT, now).execute();
        NewJob job = NewJob.of(DELIVER_JOB, Map.of("delivery", id.toString())).withTenant(tenant)
                .withMaxAttempts(config.retrySchedule().size() + 1);
        cityOs.jobs().enqueue(tx, idempotencyKey == null ? job : job.withIdempotencyKey(idempotencyKey));
        return new DeliveryId(id);
    }

    private static WebhookDelivery toDelivery(WebhookDeliveryRecord r) {
        return new WebhookDelivery(new DeliveryId(r.getId()), new EndpointId(r.getEndpointId()), r.getMessageId(),
                Optional.ofNullable(r.getEventId()), r.getEventType(), r.getPayload(),
                DeliveryStatus.valueOf(r.getStatus().toUpperCase(java.util.Locale.ROOT)), r.getAttempts(),
                Optional.ofNullable(r.getLastStatus()), r.getCreatedAt().toInstant());
    }

    /** The event subscriber: one delivery per enabled endpoint of the event's tenant that wants its type. */
    public void fanOut(EventDelivery d) {
        Event e = d.event();
        List<WebhookEndpointRecord> endpoints = d.tx().selectFrom(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.TENANT_ID.eq(e.tenant().value()), WEBHOOK_ENDPOINT.ENABLED.isTrue())
                .orderBy(WEBHOOK_ENDPOINT.ID).fetch();
        String body = null;
        for (WebhookEndpointRecord ep : endpoints) {
            Set<String> types = Set.of(ep.getEventTypes().split(","));
            if (!types.contains(e.type()) && !types.contains("*")) {
                continue;
            }
            if (body == null) {
                body = body(e);
            }
            createDelivery(d.tx(), e.tenant(), ep.getId(), null, e.id(), e.type(), body,
                    "webhook:" + ep.getId() + ":" + e.id());
        }
    }

    /** The Standard Webhooks payload: {@code {"type", "timestamp", "data"}}. */
    private static String body(Event e) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("type", e.type());
        root.put("timestamp", e.occurredAt().toInstant().toString());
        try {
            root.set("data", Json.MAPPER.readTree(e.payload() == null ? "null" : e.payload()));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("event " + e.id() + " has a payload that is not JSON", ex);
        }
        return Json.write(root);
    }

    /** The job handler: one attempt of one delivery. */
    public void deliver(JobContext job) throws Exception {
        TenantContext ctx = job.requireTenant();
        UUID deliveryId = UUID.fromString(job.payload(Map.class).get("delivery").toString());
        UUID tenant = ctx.tenant().value();
        WebhookDeliveryRecord d = job.tx().selectFrom(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.TENANT_ID.eq(tenant), WEBHOOK_DELIVERY.ID.eq(deliveryId)).fetchOne();
        if (d == null || !PENDING.equals(d.getStatus())) {
            return; // done already (a redelivered job)
        }
        WebhookEndpointRecord ep = job.tx().selectFrom(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.TENANT_ID.eq(tenant), WEBHOOK_ENDPOINT.ID.eq(d.getEndpointId())).fetchOne();
        if (ep == null || !ep.getEnabled()) {
            record(ctx, d, null, 0, null, "endpoint is disabled", Result.NOT_SENT);
            return;
        }
        URI uri;
        try {
            uri = guard.check(ep.getUrl());
        } catch (CityOsException e) {
            record(ctx, d, null, 0, null, e.getMessage(), Result.NOT_SENT);
            return;
        }
        List<WebhookSecret> secrets = new ArrayList<>();
        secrets.add(WebhookSecret.parse(ep.getSecret()));
        if (ep.getPreviousSecret() != null && ep.getPreviousSecretExpiresAt() != null
                && ep.getPreviousSecretExpiresAt().toInstant().isAfter(db.clock().instant())) {
            secrets.add(WebhookSecret.parse(ep.getPreviousSecret()));
        }
        byte[] body = d.getPayload().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("content-type", "application/json").header("user-agent", config.userAgent())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signer.sign(d.getMessageId(), body, secrets).forEach(req::header);

        long started = System.nanoTime();
        Integer status = null;
        String excerpt = null;
        String error = null;
        Optional<String> retryAfter = Optional.empty();
        try {
            HttpResponse<InputStream> res = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            status = res.statusCode();
            retryAfter = res.headers().firstValue("retry-after");
            try (InputStream in = res.body()) {
                excerpt = new String(in.readNBytes(EXCERPT), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
        long latency = (System.nanoTime() - started) / 1_000_000;
        boolean ok = status != null && status >= 200 && status < 300;
        Result result = ok ? Result.SUCCEEDED : status != null && status == 410 ? Result.GONE
                : job.lastAttempt() ? Result.GIVEN_UP : Result.RETRY;
        boolean disabled = record(ctx, d, status, latency, excerpt, error, result);
        if (result == Result.RETRY && !disabled) {
            String why = status != null ? "HTTP " + status : error;
            Optional<Duration> after = status != null && (status == 429 || status == 503)
                    ? retryAfter.flatMap(this::retryAfter) : Optional.empty();
            if (after.isPresent()) {
                throw new RetryLater("webhook delivery " + deliveryId + " got " + why, after.get());
            }
            throw new DeliveryFailed("webhook delivery " + deliveryId + " failed: " + Values.neutralise(why));
        }
    }

    private Optional<Duration> retryAfter(String value) {
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                d = Duration.between(db.clock().instant(), at);
            } catch (RuntimeException e2) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return Optional.of(d.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : d);
    }

    private enum Result { SUCCEEDED, RETRY, GIVEN_UP, GONE, NOT_SENT }

    /**
     * Logs an attempt and its consequences in a transaction of its own (so the log survives a
     * failed job attempt); returns whether the endpoint was disabled by it.
     */
    private boolean record(TenantContext ctx, WebhookDeliveryRecord d, Integer status, long latency, String excerpt,
                           String error, Result result) {
        boolean disabled = log(ctx, d, status, latency, excerpt, error, result);
        recorder.increment(SyncMetrics.WEBHOOK_ATTEMPTS, Map.of("outcome", result.name().toLowerCase(java.util.Locale.ROOT)));
        return disabled;
    }

    private boolean log(TenantContext ctx, WebhookDeliveryRecord d, Integer status, long latency, String excerpt,
                        String error, Result result) {
        return db.tenant(ctx, tx -> {
            UUID tenant = ctx.tenant().value();
            OffsetDateTime now = now();
            tx.insertInto(WEBHOOK_ATTEMPT).set(WEBHOOK_ATTEMPT.TENANT_ID, tenant)
                    .set(WEBHOOK_ATTEMPT.ID, Ids.next(db.clock())).set(WEBHOOK_ATTEMPT.DELIVERY_ID, d.getId())
                    .set(WEBHOOK_ATTEMPT.ATTEMPTED_AT, now).set(WEBHOOK_ATTEMPT.STATUS_CODE, status)
                    .set(WEBHOOK_ATTEMPT.LATENCY_MS, latency)
                    .set(WEBHOOK_ATTEMPT.RESPONSE_EXCERPT, excerpt)
                    .set(WEBHOOK_ATTEMPT.ERROR, error == null ? null : cut(error, 1000)).execute();
            boolean disabled = false;
            if (result != Result.NOT_SENT) { // only attempts that reached for the endpoint count
                boolean success = result == Result.SUCCEEDED;
                tx.update(WEBHOOK_ENDPOINT)
                        .set(WEBHOOK_ENDPOINT.CONSECUTIVE_FAILURES,
                                success ? DSL.val(0) : WEBHOOK_ENDPOINT.CONSECUTIVE_FAILURES.plus(1))
                        .where(WEBHOOK_ENDPOINT.TENANT_ID.eq(tenant), WEBHOOK_ENDPOINT.ID.eq(d.getEndpointId())).execute();
                WebhookEndpointRecord ep = tx.selectFrom(WEBHOOK_ENDPOINT)
                        .where(WEBHOOK_ENDPOINT.TENANT_ID.eq(tenant), WEBHOOK_ENDPOINT.ID.eq(d.getEndpointId())).fetchOne();
                String reason = result == Result.GONE ? "the endpoint answered 410 Gone"
                        : !success && ep.getConsecutiveFailures() >= config.disableAfterFailures()
                        ? ep.getConsecutiveFailures() + " consecutive failed attempts" : null;
                if (reason != null && ep.getEnabled()) {
                    tx.update(WEBHOOK_ENDPOINT).set(WEBHOOK_ENDPOINT.ENABLED, false)
                            .set(WEBHOOK_ENDPOINT.DISABLED_REASON, reason).set(WEBHOOK_ENDPOINT.UPDATED_AT, now)
                            .where(WEBHOOK_ENDPOINT.TENANT_ID.eq(tenant), WEBHOOK_ENDPOINT.ID.eq(d.getEndpointId()))
                            .execute();
                    cityOs.events().publish(tx, ctx, "webhook.endpoint_disabled", "webhook_endpoint",
                            d.getEndpointId().toString(), Map.of("endpoint", d.getEndpointId().toString(),
                                    "url", ep.getUrl(), "reason", reason));
                    LOG.warn("webhook endpoint {} of tenant {} disabled: {}", d.getEndpointId(), tenant, reason);
                    disabled = true;
                }
            }
            String status2 = result == Result.SUCCEEDED ? SUCCEEDED
                    : result == Result.RETRY && !disabled ? PENDING : FAILED;
            tx.update(WEBHOOK_DELIVERY).set(WEBHOOK_DELIVERY.STATUS, status2)
                    .set(WEBHOOK_DELIVERY.ATTEMPTS, WEBHOOK_DELIVERY.ATTEMPTS.plus(result != Result.NOT_SENT ? 1 : 0))
                    .set(WEBHOOK_DELIVERY.LAST_STATUS, status).set(WEBHOOK_DELIVERY.UPDATED_AT, now)
                    .where(WEBHOOK_DELIVERY.TENANT_ID.eq(tenant), WEBHOOK_DELIVERY.ID.eq(d.getId())).execute();
            return disabled;
        });
    }

    private static String cut(String s, int n) {
        return s.length() > n ? s.substring(0, n) : s;
    }


    /** A failed delivery attempt that is to be retried. */
    static final class DeliveryFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeliveryFailed(String message) {
            super(message);
        }
    }
}
