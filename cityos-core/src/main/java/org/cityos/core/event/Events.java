package org.cityos.core.event;

import static org.cityos.core.internal.db.Tables.EVENT_SUBSCRIPTION;
import static org.cityos.core.internal.db.Tables.OUTBOX_EVENT;
import static org.cityos.core.internal.db.Tables.PROCESSED_EVENT;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.cityos.core.CityOsException;
import org.cityos.core.Ids;
import org.cityos.core.Json;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.internal.Db;
import org.cityos.core.internal.db.tables.records.OutboxEventRecord;
import org.cityos.core.job.JobContext;
import org.cityos.core.job.Jobs;
import org.cityos.core.job.NewJob;
import org.cityos.core.job.RetryPolicy;
import org.cityos.core.ops.LogKeys;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The transactional outbox: modules {@link #publish} an event inside the transaction of the
 * change it reports, so it commits or rolls back with it; readers page through a tenant's events
 * in publication order. Subscribers ({@link #subscribe}) get each committed event at least once
 * through the job queue: publishing writes one delivery job per subscriber of the event's type
 * in the same transaction, ordered per aggregate.
 */
public final class Events {
    /** Attempts a subscriber's delivery gets before it goes dead. */
    public static final int DEFAULT_MAX_ATTEMPTS = 20;
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    private static final Pattern SUBSCRIBER = Pattern.compile("[a-z][a-z0-9_]*([.-][a-z0-9_]+)*");
    /** The job type of a subscriber's deliveries is this prefix and the subscriber's name. */
    public static final String DELIVERY_JOB_PREFIX = "cityos.event:";
    private static final String JOB_PREFIX = DELIVERY_JOB_PREFIX;
    private final Db db;
    private final Jobs jobs;
    private final Subscribers subscribers;

    /** For {@code CityOs}: events on {@code db}, delivered through {@code jobs}. */
    public Events(Db db, Jobs jobs, Subscribers subscribers) {
        this.db = db;
        this.jobs = jobs;
        this.subscribers = subscribers;
    }

    /**
     * Writes an event in the caller's transaction {@code tx} (a context from {@code Db.tenant}),
     * with one delivery job per subscriber of its type. {@code payload} is serialised to JSON with
     * the library's mapper.
     */
    public UUID publish(DSLContext tx, TenantContext ctx, String type, String aggregateType, String aggregateId,
                        Object payload) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw CityOsException.invalid("event type", type, "must look like 'order.placed'");
        }
        UUID id = Ids.next(db.clock());
        tx.insertInto(OUTBOX_EVENT)
                .set(OUTBOX_EVENT.TENANT_ID, ctx.tenant().value())
                .set(OUTBOX_EVENT.ID, id)
                .set(OUTBOX_EVENT.EVENT_TYPE, type)
                .set(OUTBOX_EVENT.AGGREGATE_TYPE, aggregateType)
                .set(OUTBOX_EVENT.AGGREGATE_ID, aggregateId)
                .set(OUTBOX_EVENT.PAYLOAD, Json.write(payload))
                .set(OUTBOX_EVENT.OCCURRED_AT, OffsetDateTime.ofInstant(db.clock().instant(), ZoneOffset.UTC))
                .set(OUTBOX_EVENT.ACTOR, ctx.principal().actor())
                .set(OUTBOX_EVENT.REQUEST_ID, ctx.requestId())
                .execute();
        var subs = tx.select(EVENT_SUBSCRIPTION.SUBSCRIBER, DSL.max(EVENT_SUBSCRIPTION.MAX_ATTEMPTS))
                .from(EVENT_SUBSCRIPTION)
                .where(EVENT_SUBSCRIPTION.NAMESPACE.eq(jobs.namespace()), EVENT_SUBSCRIPTION.EVENT_TYPE.in(type, "*"))
                .groupBy(EVENT_SUBSCRIPTION.SUBSCRIBER)
                .orderBy(EVENT_SUBSCRIPTION.SUBSCRIBER)
                .fetch();
        if (subs.isNotEmpty()) {
            List<NewJob> deliveries = new ArrayList<>(subs.size());
            for (var s : subs) {
                String sub = s.value1();
                deliveries.add(NewJob.of(JOB_PREFIX + sub, new DeliveryPayload(id, sub))
                        .withTenant(ctx.tenant())
                        .withMaxAttempts(s.value2())
                        .withIdempotencyKey("event:" + sub + ":" + id)
                        .withOrderingKey(orderingKey(sub, ctx.tenant(), aggregateType, aggregateId)));
            }
            jobs.enqueueAll(tx, deliveries);
        }
        return id;
    }

    /**
     * Writes several events in the caller's transaction {@code tx} with one JDBC batch of
     * multi-row inserts ({@code Db.insertAll}), in list order (their ids increase in that order),
     * with their deliveries to subscribers like {@link #publish}; for modules that publish one
     * event per row of a batch.
     */
    public List<UUID> publishAll(DSLContext tx, TenantContext ctx, List<NewEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(db.clock().instant(), ZoneOffset.UTC);
        List<UUID> ids = new ArrayList<>(events.size());
        List<OutboxEventRecord> rows = new ArrayList<>(events.size());
        java.util.Set<String> types = new java.util.HashSet<>();
        for (NewEvent e : events) {
            if (e.type() == null || !TYPE.matcher(e.type()).matches()) {
                throw CityOsException.invalid("event type", e.type(), "must look like 'order.placed'");
            }
            types.add(e.type());
            UUID id = Ids.next(db.clock());
            ids.add(id);
            rows.add(new OutboxEventRecord(ctx.tenant().value(), id, e.type(), e.aggregateType(), e.aggregateId(),
                    Json.write(e.payload()), at, ctx.principal().actor(), ctx.requestId()));
        }
        Db.insertAll(tx, OUTBOX_EVENT, ctx.tenant().value(), rows);
        types.add("*");
        var subs = tx.select(EVENT_SUBSCRIPTION.SUBSCRIBER, EVENT_SUBSCRIPTION.EVENT_TYPE, EVENT_SUBSCRIPTION.MAX_ATTEMPTS)
                .from(EVENT_SUBSCRIPTION)
                .where(EVENT_SUBSCRIPTION.NAMESPACE.eq(jobs.namespace()), EVENT_SUBSCRIPTION.EVENT_TYPE.in(types))
                .orderBy(EVENT_SUBSCRIPTION.SUBSCRIBER)
                .fetch();
        if (subs.isNotEmpty()) {
            List<NewJob> deliveries = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                NewEvent e = events.get(i);
                // the same subscriber may hold the type and '*': one delivery, the larger attempt budget
                Map<String, Integer> attempts = new java.util.TreeMap<>();
                for (var s : subs) {
                    if (s.value2().equals(e.type()) || s.value2().equals("*")) {
                        attempts.merge(s.value1(), s.value3(), Math::max);
                    }
                }
                UUID id = ids.get(i);
                attempts.forEach((sub, max) -> deliveries.add(NewJob.of(JOB_PREFIX + sub, new DeliveryPayload(id, sub))
                        .withTenant(ctx.tenant())
                        .withMaxAttempts(max)
                        .withIdempotencyKey("event:" + sub + ":" + id)
                        .withOrderingKey(orderingKey(sub, ctx.tenant(), e.aggregateType(), e.aggregateId()))));
            }
            jobs.enqueueAll(tx, deliveries);
        }
        return ids;
    }

    /** One key per subscriber and aggregate, so that aggregate's events reach it one at a time, in order. */
    private static String orderingKey(String subscriber, TenantId tenant, String aggregateType, String aggregateId) {
        String key = "event:" + subscriber + ":" + tenant + ":" + aggregateType + ":" + aggregateId;
        if (key.length() <= 255) {
            return key;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "event:" + subscriber + ":" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Subscribes {@code subscriber} to events of {@code eventType} ({@code *} for every type),
     * retried with the default policy up to {@value #DEFAULT_MAX_ATTEMPTS} attempts. Events
     * published from now on are delivered (by the nodes on which the subscriber is registered);
     * the subscription itself is stored, so publishers on every node see it. Subscribing again with
     * the same subscriber and type replaces this node's handler.
     */
    public void subscribe(String eventType, String subscriber, EventHandler handler) {
        subscribe(eventType, subscriber, handler, RetryPolicy.DEFAULT, DEFAULT_MAX_ATTEMPTS);
    }

    /** Subscribes with a retry policy and a maximum of attempts per delivery. */
    public void subscribe(String eventType, String subscriber, EventHandler handler, RetryPolicy retry,
                          int maxAttempts) {
        if (!"*".equals(eventType) && (eventType == null || !TYPE.matcher(eventType).matches())) {
            throw CityOsException.invalid("event type", eventType, "must look like 'order.placed' or be '*'");
        }
        if (subscriber == null || subscriber.length() > 63 || !SUBSCRIBER.matcher(subscriber).matches()) {
            throw CityOsException.invalid("subscriber", subscriber, "must be lower case, at most 63 characters");
        }
        if (handler == null) {
            throw CityOsException.invalid("event handler of " + subscriber, null, "must not be null");
        }
        if (maxAttempts < 1 || maxAttempts > 1000) {
            throw CityOsException.invalid("max attempts", maxAttempts, "must be between 1 and 1000");
        }
        synchronized (subscribers) {
            Map<String, EventHandler> byType = subscribers.handlers.get(subscriber);
            if (byType == null) {
                byType = new ConcurrentHashMap<>();
                jobs.register(JOB_PREFIX + subscriber, job -> deliver(subscriber, job), retry);
                subscribers.handlers.put(subscriber, byType);
            }
            // subscribing again replaces this node's handler: a module built again (inside a
            // transaction, or reconfigured) re-registers under its fixed subscriber name
            byType.put(eventType, handler);
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(db.clock().instant(), ZoneOffset.UTC);
        db.platform(tx -> tx.insertInto(EVENT_SUBSCRIPTION)
                .set(EVENT_SUBSCRIPTION.NAMESPACE, jobs.namespace())
                .set(EVENT_SUBSCRIPTION.SUBSCRIBER, subscriber)
                .set(EVENT_SUBSCRIPTION.EVENT_TYPE, eventType)
                .set(EVENT_SUBSCRIPTION.MAX_ATTEMPTS, maxAttempts)
                .set(EVENT_SUBSCRIPTION.CREATED_AT, now)
                .onConflict(EVENT_SUBSCRIPTION.NAMESPACE, EVENT_SUBSCRIPTION.SUBSCRIBER, EVENT_SUBSCRIPTION.EVENT_TYPE)
                .doUpdate().set(EVENT_SUBSCRIPTION.MAX_ATTEMPTS, maxAttempts)
                .execute());
    }

    /**
     * Removes a stored subscription: no more deliveries are created for it (those created already
     * are still delivered where the subscriber is registered). Returns whether it existed.
     */
    public boolean unsubscribe(String eventType, String subscriber) {
        return db.platform(tx -> tx.deleteFrom(EVENT_SUBSCRIPTION)
                .where(EVENT_SUBSCRIPTION.NAMESPACE.eq(jobs.namespace()), EVENT_SUBSCRIPTION.SUBSCRIBER.eq(subscriber),
                        EVENT_SUBSCRIPTION.EVENT_TYPE.eq(eventType))
                .execute()) > 0;
    }

    private void deliver(String subscriber, JobContext job) throws Exception {
        DeliveryPayload p = job.payload(DeliveryPayload.class);
        TenantContext tenant = job.requireTenant();
        Event event = job.tx().selectFrom(OUTBOX_EVENT)
                .where(OUTBOX_EVENT.TENANT_ID.eq(tenant.tenant().value()), OUTBOX_EVENT.ID.eq(p.event()))
                .fetchOptional(Events::toEvent)
                .orElseThrow(() -> CityOsException.notFound("event", p.event()));
        Map<String, EventHandler> byType = subscribers.handlers.getOrDefault(subscriber, Map.of());
        EventHandler h = byType.getOrDefault(event.type(), byType.get("*"));
        if (h == null) {
            throw CityOsException.conflict("subscriber '" + subscriber + "' has no handler for " + event.type()
                    + " on this node");
        }
        try (LogKeys.Restore mdc = LogKeys.put(LogKeys.EVENT, event.id().toString())) {
            h.handle(new EventDelivery(event, subscriber, job, this));
        }
    }

    /**
     * Records that {@code subscriber} processed event {@code eventId} of {@code tenant}, in the
     * caller's tenant-scoped transaction; false if it had been recorded before.
     */
    public boolean markIfFirst(DSLContext tx, TenantId tenant, String subscriber, UUID eventId) {
        return tx.insertInto(PROCESSED_EVENT)
                .set(PROCESSED_EVENT.TENANT_ID, tenant.value())
                .set(PROCESSED_EVENT.SUBSCRIBER, subscriber)
                .set(PROCESSED_EVENT.EVENT_ID, eventId)
                .set(PROCESSED_EVENT.PROCESSED_AT, OffsetDateTime.ofInstant(db.clock().instant(), ZoneOffset.UTC))
                .onConflict(PROCESSED_EVENT.TENANT_ID, PROCESSED_EVENT.SUBSCRIBER, PROCESSED_EVENT.EVENT_ID)
                .doNothing()
                .execute() == 1;
    }

    /** The tenant's events in publication order, optionally of one type, keyset-paginated. */
    public Page<Event> list(TenantContext ctx, Optional<String> type, PageRequest page) {
        return db.tenant(ctx, tx -> {
            UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
            List<Event> rows = tx.selectFrom(OUTBOX_EVENT)
                    .where(OUTBOX_EVENT.TENANT_ID.eq(ctx.tenant().value()))
                    .and(type.map(OUTBOX_EVENT.EVENT_TYPE::eq).orElse(DSL.noCondition()))
                    .and(after == null ? DSL.noCondition() : OUTBOX_EVENT.ID.gt(after))
                    .orderBy(OUTBOX_EVENT.ID).limit(page.limit() + 1)
                    .fetch(Events::toEvent);
            return Page.of(rows, page.limit(), x -> x.id().toString());
        });
    }

    private static Event toEvent(OutboxEventRecord r) {
        return new Event(r.getId(), new TenantId(r.getTenantId()), r.getEventType(), r.getAggregateType(),
                r.getAggregateId(), r.getPayload(), r.getOccurredAt(), r.getActor(),
                Optional.ofNullable(r.getRequestId()));
    }

    /** The payload of a delivery job. */
    record DeliveryPayload(UUID event, String subscriber) {
    }

    /** The subscribers' handlers on this node, shared by every view of one {@code CityOs}. */
    public static final class Subscribers {
        private final Map<String, Map<String, EventHandler>> handlers = new ConcurrentHashMap<>();
    }
}
