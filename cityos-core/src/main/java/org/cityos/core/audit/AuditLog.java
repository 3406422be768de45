package org.cityos.core.audit;

import static org.cityos.core.internal.db.Tables.AUDIT_LOG;
import static org.cityos.core.internal.db.Tables.PLATFORM_AUDIT_LOG;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.Ids;
import org.cityos.core.Json;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.Values;
import org.cityos.core.internal.Db;
import org.cityos.core.internal.db.tables.records.AuditLogRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only audit log. Services write to it in the same transaction as the change they
 * make (and, for refused attempts, in a transaction of its own); hosts query it by entity, actor
 * and time range. Rows are never updated or deleted (on PostgreSQL a trigger refuses it).
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private final Db db;

    public AuditLog(Db db) {
        this.db = db;
    }

    /** Records an applied change of a tenant's entity, inside the caller's transaction {@code tx}. */
    public void applied(DSLContext tx, TenantContext ctx, String action, String entityType, Object entityId,
                        Object before, Object after) {
        insert(tx, ctx, action, AuditEntry.Outcome.APPLIED, entityType, entityId, before, after, null);
    }

    /**
     * One applied change for {@link #appliedAll}: the action, the entity it changed and its state
     * before and after (serialised to JSON like {@link #applied}).
     */
    public record Change(String action, String entityType, Object entityId, Object before, Object after) {
    }

    /**
     * Records several applied changes of a tenant's entities inside the caller's transaction
     * {@code tx}, with one JDBC batch of multi-row inserts ({@code Db.insertAll}), for modules that
     * change many rows in one step; the rows are the same as {@link #applied} would write one by one.
     */
    public void appliedAll(DSLContext tx, TenantContext ctx, List<Change> changes) {
        java.time.OffsetDateTime at = db.now();
        List<AuditLogRecord> rows = new ArrayList<>(changes.size());
        for (Change c : changes) {
            AuditLogRecord r = new AuditLogRecord();
            r.setTenantId(ctx.tenant().value());
            r.setId(Ids.next(db.clock()));
            r.setOccurredAt(at);
            r.setActor(ctx.principal().actor());
            r.setAction(c.action());
            r.setOutcome(AuditEntry.Outcome.APPLIED.name().toLowerCase());
            r.setEntityType(c.entityType());
            r.setEntityId(c.entityId() == null ? null : String.valueOf(c.entityId()));
            r.setBeforeState(Json.write(c.before()));
            r.setAfterState(Json.write(c.after()));
            r.setRequestId(ctx.requestId());
            rows.add(r);
        }
        Db.insertAll(tx, AUDIT_LOG, ctx.tenant().value(), rows);
    }

    /** Records a refused attempt in its own transaction (the refused one rolls back). */
    public void refused(TenantContext ctx, String action, String entityType, Object entityId, CityOsException why) {
        try {
            db.tenant(ctx, tx -> {
                insert(tx, ctx, action, AuditEntry.Outcome.REFUSED, entityType, entityId, null, null,
                        why.code().code() + ": " + why.getMessage());
                return null;
            });
        } catch (RuntimeException e) {
            // an unknown tenant cannot hold an audit row; the log line is all there is
            LOG.warn("refused {} on {} {} for tenant {} ({}); not audited: {}", Values.neutralise(action),
                    Values.neutralise(entityType), Values.quote(entityId), ctx.tenant(), why.code(),
                    Values.neutralise(e.getMessage()));
        }
    }

    /**
     * Runs {@code work}; when it raises a {@link CityOsException}, records the refusal of
     * {@code action} on the entity and rethrows it.
     */
    public <T> T auditRefusal(TenantContext ctx, String action, String entityType, Object entityId,
                              java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (CityOsException e) {
            refused(ctx, action, entityType, entityId, e);
            throw e;
        }
    }

    /** Records an applied platform-level change (countries, scopes, categories, tenants). */
    public void platformApplied(DSLContext tx, Principal actor, String action, String entityType, Object entityId,
                                Object before, Object after) {
        tx.insertInto(PLATFORM_AUDIT_LOG)
                .set(PLATFORM_AUDIT_LOG.ID, Ids.next(db.clock()))
                .set(PLATFORM_AUDIT_LOG.OCCURRED_AT, db.now())
                .set(PLATFORM_AUDIT_LOG.ACTOR, actor.actor())
                .set(PLATFORM_AUDIT_LOG.ACTION, action)
                .set(PLATFORM_AUDIT_LOG.OUTCOME, AuditEntry.Outcome.APPLIED.name().toLowerCase())
                .set(PLATFORM_AUDIT_LOG.ENTITY_TYPE, entityType)
                .set(PLATFORM_AUDIT_LOG.ENTITY_ID, entityId == null ? null : String.valueOf(entityId))
                .set(PLATFORM_AUDIT_LOG.BEFORE_STATE, Json.write(before))
                .set(PLATFORM_AUDIT_LOG.AFTER_STATE, Json.write(after))
                .execute();
    }

    private void insert(DSLContext tx, TenantContext ctx, String action, AuditEntry.Outcome outcome,
                        String entityType, Object entityId, Object before, Object after, String detail) {
        tx.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.TENANT_ID, ctx.tenant().value())
                .set(AUDIT_LOG.ID, Ids.next(db.clock()))
                .set(AUDIT_LOG.OCCURRED_AT, db.now())
                .set(AUDIT_LOG.ACTOR, ctx.principal().actor())
                .set(AUDIT_LOG.ACTION, action)
                .set(AUDIT_LOG.OUTCOME, outcome.name().toLowerCase())
                .set(AUDIT_LOG.ENTITY_TYPE, entityType)
                .set(AUDIT_LOG.ENTITY_ID, entityId == null ? null : String.valueOf(entityId))
                .set(AUDIT_LOG.BEFORE_STATE, Json.write(before))
                .set(AUDIT_LOG.AFTER_STATE, Json.write(after))
                .set(AUDIT_LOG.DETAIL, detail == null ? null : Values.neutralise(detail))
                .set(AUDIT_LOG.REQUEST_ID, ctx.requestId())
                .execute();
    }

    /** The tenant's audit rows matching {@code q}, newest first. */
    public List<AuditEntry> query(TenantContext ctx, AuditQuery q) {
        return db.tenant(ctx, tx -> {
            List<Condition> where = new ArrayList<>();
            where.add(AUDIT_LOG.TENANT_ID.eq(ctx.tenant().value()));
            q.entityType().ifPresent(v -> where.add(AUDIT_LOG.ENTITY_TYPE.eq(v)));
            q.entityId().ifPresent(v -> where.add(AUDIT_LOG.ENTITY_ID.eq(v)));
            q.actor().ifPresent(v -> where.add(AUDIT_LOG.ACTOR.eq(v)));
            q.from().ifPresent(v -> where.add(AUDIT_LOG.OCCURRED_AT.ge(v.atOffset(ZoneOffset.UTC))));
            q.to().ifPresent(v -> where.add(AUDIT_LOG.OCCURRED_AT.lt(v.atOffset(ZoneOffset.UTC))));
            return tx.selectFrom(AUDIT_LOG).where(DSL.and(where))
                    .orderBy(AUDIT_LOG.OCCURRED_AT.desc(), AUDIT_LOG.ID.desc())
                    .limit(q.limit())
                    .fetch(r -> new AuditEntry(r.getId(), Optional.of(r.getTenantId()), r.getOccurredAt(),
                            r.getActor(), r.getAction(), AuditEntry.Outcome.valueOf(r.getOutcome().toUpperCase()),
                            r.getEntityType(), Optional.ofNullable(r.getEntityId()),
                            Optional.ofNullable(r.getBeforeState()), Optional.ofNullable(r.getAfterState()),
                            Optional.ofNullable(r.getDetail()), Optional.ofNullable(r.getRequestId())));
        });
    }

    /** Platform-level audit rows matching {@code q}, newest first. */
    public List<AuditEntry> queryPlatform(AuditQuery q) {
        return db.platform(tx -> {
            List<Condition> where = new ArrayList<>();
            q.entityType().ifPresent(v -> where.add(PLATFORM_AUDIT_LOG.ENTITY_TYPE.eq(v)));
            q.entityId().ifPresent(v -> where.add(PLATFORM_AUDIT_LOG.ENTITY_ID.eq(v)));
            q.actor().ifPresent(v -> where.add(PLATFORM_AUDIT_LOG.ACTOR.eq(v)));
            q.from().ifPresent(v -> where.add(PLATFORM_AUDIT_LOG.OCCURRED_AT.ge(v.atOffset(ZoneOffset.UTC))));
            q.to().ifPresent(v -> where.add(PLATFORM_AUDIT_LOG.OCCURRED_AT.lt(v.atOffset(ZoneOffset.UTC))));
            return tx.selectFrom(PLATFORM_AUDIT_LOG).where(DSL.and(where))
                    .orderBy(PLATFORM_AUDIT_LOG.OCCURRED_AT.desc(), PLATFORM_AUDIT_LOG.ID.desc())
                    .limit(q.limit())
                    .fetch(r -> new AuditEntry(r.getId(), Optional.<UUID>empty(), r.getOccurredAt(), r.getActor(),
                            r.getAction(), AuditEntry.Outcome.valueOf(r.getOutcome().toUpperCase()),
                            r.getEntityType(), Optional.ofNullable(r.getEntityId()),
                            Optional.ofNullable(r.getBeforeState()), Optional.ofNullable(r.getAfterState()),
                            Optional.ofNullable(r.getDetail()), Optional.ofNullable(r.getRequestId())));
        });
    }

}
