package org.cityos.core.event;

import static org.cityos.core.internal.db.Tables.OUTBOX_EVENT;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.cityos.core.CityOsException;
import org.cityos.core.Ids;
import org.cityos.core.Json;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.internal.Db;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The transactional outbox: modules {@link #publish} an event inside the transaction of the
 * change it reports, so it commits or rolls back with it; readers page through a tenant's events
 * in publication order.
 */
public final class Events {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    private final Db db;

    public Events(Db db) {
        this.db = db;
    }

    /**
     * Writes an event in the caller's transaction {@code tx} (a context from {@code Db.tenant}).
     * {@code payload} is serialised to JSON with the library's mapper.
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
        return id;
    }

    /**
     * Writes several events in one statement in the caller's transaction {@code tx}, in list order
     * (their ids increase in that order); for modules that publish one event per row of a batch.
     */
    public List<UUID> publishAll(DSLContext tx, TenantContext ctx, List<NewEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(db.clock().instant(), ZoneOffset.UTC);
        List<UUID> ids = new java.util.ArrayList<>(events.size());
        var insert = tx.insertInto(OUTBOX_EVENT, OUTBOX_EVENT.TENANT_ID, OUTBOX_EVENT.ID, OUTBOX_EVENT.EVENT_TYPE,
                OUTBOX_EVENT.AGGREGATE_TYPE, OUTBOX_EVENT.AGGREGATE_ID, OUTBOX_EVENT.PAYLOAD, OUTBOX_EVENT.OCCURRED_AT,
                OUTBOX_EVENT.ACTOR, OUTBOX_EVENT.REQUEST_ID);
        for (NewEvent e : events) {
            if (e.type() == null || !TYPE.matcher(e.type()).matches()) {
                throw CityOsException.invalid("event type", e.type(), "must look like 'order.placed'");
            }
            UUID id = Ids.next(db.clock());
            ids.add(id);
            insert = insert.values(ctx.tenant().value(), id, e.type(), e.aggregateType(), e.aggregateId(),
                    Json.write(e.payload()), at, ctx.principal().actor(), ctx.requestId());
        }
        insert.execute();
        return ids;
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
                    .fetch(r -> new Event(r.getId(), new TenantId(r.getTenantId()), r.getEventType(),
                            r.getAggregateType(), r.getAggregateId(), r.getPayload(), r.getOccurredAt(), r.getActor(),
                            Optional.ofNullable(r.getRequestId())));
            if (rows.size() > page.limit()) {
                List<Event> items = rows.subList(0, page.limit());
                return new Page<>(items, Optional.of(items.get(items.size() - 1).id().toString()));
            }
            return new Page<>(rows, Optional.empty());
        });
    }
}
