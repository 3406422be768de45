package org.cityos.sync.internal;

import static org.cityos.sync.internal.db.Tables.SYNC_BACKFILL;
import static org.cityos.sync.internal.db.Tables.SYNC_BINDING;
import static org.cityos.sync.internal.db.Tables.SYNC_CONFLICT;
import static org.cityos.sync.internal.db.Tables.SYNC_CURSOR;
import static org.cityos.sync.internal.db.Tables.SYNC_FAILURE;
import static org.cityos.sync.internal.db.Tables.SYNC_INTEGRATION;
import static org.cityos.sync.internal.db.Tables.SYNC_MAPPING;
import static org.cityos.sync.internal.db.Tables.SYNC_POLICY;
import static org.cityos.sync.internal.db.Tables.SYNC_RECORD;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.cityos.core.Json;
import org.cityos.core.TenantId;
import org.cityos.sync.engine.Binding;
import org.cityos.sync.engine.ConflictPolicy;
import org.cityos.sync.engine.Health;
import org.cityos.sync.engine.Integration;
import org.cityos.sync.engine.IntegrationId;
import org.cityos.sync.engine.SyncRole;
import org.cityos.sync.internal.db.tables.records.SyncBackfillRecord;
import org.cityos.sync.internal.db.tables.records.SyncIntegrationRecord;
import org.cityos.sync.internal.db.tables.records.SyncMappingRecord;
import org.cityos.sync.internal.db.tables.records.SyncRecordRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.conf.ParamCastMode;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The SQL of the sync engine (internal): integrations, bindings, policies, cursors, hub records,
 * mappings, conflicts, failures and backfills. Every statement is pinned to one tenant.
 */
public final class SyncStore {
    private static final TypeReference<LinkedHashMap<String, String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, Merge.FieldMeta>> METAS = new TypeReference<>() { };

    private SyncStore() {
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    // ---- integrations

    public static void insertIntegration(DSLContext tx, TenantId t, UUID id, String name, String connector,
                                         String baseUrl, String credentialsRef, Map<String, String> settings,
                                         OffsetDateTime now) {
        tx.insertInto(SYNC_INTEGRATION).set(SYNC_INTEGRATION.TENANT_ID, t.value()).set(SYNC_INTEGRATION.ID, id)
                .set(SYNC_INTEGRATION.NAME, name).set(SYNC_INTEGRATION.CONNECTOR, connector)
                .set(SYNC_INTEGRATION.BASE_URL, baseUrl).set(SYNC_INTEGRATION.CREDENTIALS_REF, credentialsRef)
                .set(SYNC_INTEGRATION.SETTINGS, Json.write(settings)).set(SYNC_INTEGRATION.ENABLED, true)
                .set(SYNC_INTEGRATION.HEALTH, Health.UNKNOWN.name()).set(SYNC_INTEGRATION.CONSECUTIVE_FAILURES, 0)
                .set(SYNC_INTEGRATION.CREATED_AT, now).set(SYNC_INTEGRATION.UPDATED_AT, now).execute();
    }

    public static int updateIntegration(DSLContext tx, TenantId t, UUID id, String baseUrl, String credentialsRef,
                                        Map<String, String> settings, OffsetDateTime now) {
        return tx.update(SYNC_INTEGRATION).set(SYNC_INTEGRATION.BASE_URL, baseUrl)
                .set(SYNC_INTEGRATION.CREDENTIALS_REF, credentialsRef)
                .set(SYNC_INTEGRATION.SETTINGS, Json.write(settings)).set(SYNC_INTEGRATION.UPDATED_AT, now)
                .where(SYNC_INTEGRATION.TENANT_ID.eq(t.value()), SYNC_INTEGRATION.ID.eq(id)).execute();
    }

    public static int setEnabled(DSLContext tx, TenantId t, UUID id, boolean enabled, OffsetDateTime now) {
        return tx.update(SYNC_INTEGRATION).set(SYNC_INTEGRATION.ENABLED, enabled).set(SYNC_INTEGRATION.UPDATED_AT, now)
                .where(SYNC_INTEGRATION.TENANT_ID.eq(t.value()), SYNC_INTEGRATION.ID.eq(id)).execute();
    }

    public static Optional<Integration> integration(DSLContext tx, TenantId t, UUID id) {
        return tx.selectFrom(SYNC_INTEGRATION)
                .where(SYNC_INTEGRATION.TENANT_ID.eq(t.value()), SYNC_INTEGRATION.ID.eq(id))
                .fetchOptional(SyncStore::toIntegration);
    }

    public static Optional<Integration> integrationByName(DSLContext tx, TenantId t, String name) {
        return tx.selectFrom(SYNC_INTEGRATION)
                .where(SYNC_INTEGRATION.TENANT_ID.eq(t.value()), SYNC_INTEGRATION.NAME.eq(name))
                .fetchOptional(SyncStore::toIntegration);
    }

    public static Optional<Integration> integrationByConnector(DSLContext tx, TenantId t, String connector) {
        return tx.selectFrom(SYNC_INTEGRATION)
                .where(SYNC_INTEGRATION.TENANT_ID.eq(t.value()), SYNC_INTEGRATION.CONNECTOR.eq(connector))
                .orderBy(SYNC_INTEGRATION.ID).limit(1).fetchOptional(SyncStore::toIntegration);
    }

    public static List<Integration> integrations(DSLContext tx, TenantId t) {
        return tx.selectFrom(SYNC_INTEGRATION).where(SYNC_INTEGRATION.TENANT_ID.eq(t.value()))
                .orderBy(SYNC_INTEGRATION.NAME).fetch(SyncStore::toIntegration);
    }

    /** Integration id (as text) to name, for conflict records. */
    public static Map<String, String> integrationNames(DSLContext tx, TenantId t) {
        Map<String, String> m = new LinkedHashMap<>();
        tx.select(SYNC_INTEGRATION.ID, SYNC_INTEGRATION.NAME).from(SYNC_INTEGRATION)
                .where(SYNC_INTEGRATION.TENANT_ID.eq(t.value()))
                .forEach(r -> m.put(r.value1().toString(), r.value2()));
        return m;
    }

    private static Integration toIntegration(SyncIntegrationRecord r) {
        Map<String, String> settings;
        try {
            settings = Json.MAPPER.readValue(r.getSettings(), STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("integration " + r.getId() + " has unreadable settings", e);
        }
        return new Integration(new IntegrationId(r.getId()), new TenantId(r.getTenantId()), r.getName(),
                r.getConnector(), Optional.ofNullable(r.getBaseUrl()), Optional.ofNullable(r.getCredentialsRef()),
                settings, r.getEnabled(), Health.valueOf(r.getHealth()), Optional.ofNullable(r.getHealthDetail()),
                r.getConsecutiveFailures(), Optional.ofNullable(r.getLastSuccessAt()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.getLastFailureAt()).map(OffsetDateTime::toInstant));
    }

    /** Records a success; touches the row only when something would change (or a minute passed). */
    public static void healthy(DSLContext tx, TenantId t, UUID id, OffsetDateTime now) {
        tx.update(SYNC_INTEGRATION).set(SYNC_INTEGRATION.HEALTH, Health.HEALTHY.name())
                .set(SYNC_INTEGRATION.HEALTH_DETAIL, (String) null).set(SYNC_INTEGRATION.CONSECUTIVE_FAILURES, 0)
                .set(SYNC_INTEGRATION.LAST_SUCCESS_AT, now)
                .where(SYNC_INTEGRATION.TENANT_ID.eq(t.value()), SYNC_INTEGRATION.ID.eq(id))
                .and(SYNC_INTEGRATION.HEALTH.ne(Health.HEALTHY.name())
                        .or(SYNC_INTEGRATION.CONSECUTIVE_FAILURES.ne(0))
                        .or(SYNC_INTEGRATION.LAST_SUCCESS_AT.isNull())
                        .or(SYNC_INTEGRATION.LAST_SUCCESS_AT.lt(now.minus(Duration.ofMinutes(1)))))
                .execute();
    }

    public static void unhealthy(DSLContext tx, TenantId t, UUID id, Health health, String detail, OffsetDateTime now) {
        tx.update(SYNC_INTEGRATION).set(SYNC_INTEGRATION.HEALTH, health.name())
                .set(SYNC_INTEGRATION.HEALTH_DETAIL, cut(detail, 1000))
                .set(SYNC_INTEGRATION.CONSECUTIVE_FAILURES, SYNC_INTEGRATION.CONSECUTIVE_FAILURES.plus(1))
                .set(SYNC_INTEGRATION.LAST_FAILURE_AT, now)
                .where(SYNC_INTEGRATION.TENANT_ID.eq(t.value()), SYNC_INTEGRATION.ID.eq(id)).execute();
    }

    // ---- bindings and policies

    public static void putBinding(DSLContext tx, TenantId t, UUID integration, String type, SyncRole role,
                                  Integer pullEverySeconds, OffsetDateTime now) {
        int n = tx.update(SYNC_BINDING).set(SYNC_BINDING.SYNC_ROLE, role.name())
                .set(SYNC_BINDING.PULL_EVERY_SECONDS, pullEverySeconds).set(SYNC_BINDING.UPDATED_AT, now)
                .where(SYNC_BINDING.TENANT_ID.eq(t.value()), SYNC_BINDING.INTEGRATION_ID.eq(integration),
                        SYNC_BINDING.ENTITY_TYPE.eq(type)).execute();
        if (n == 0) {
            tx.insertInto(SYNC_BINDING).set(SYNC_BINDING.TENANT_ID, t.value())
                    .set(SYNC_BINDING.INTEGRATION_ID, integration).set(SYNC_BINDING.ENTITY_TYPE, type)
                    .set(SYNC_BINDING.SYNC_ROLE, role.name()).set(SYNC_BINDING.PULL_EVERY_SECONDS, pullEverySeconds)
                    .set(SYNC_BINDING.CREATED_AT, now).set(SYNC_BINDING.UPDATED_AT, now).execute();
        }
    }

    public static int deleteBinding(DSLContext tx, TenantId t, UUID integration, String type) {
        return tx.deleteFrom(SYNC_BINDING).where(SYNC_BINDING.TENANT_ID.eq(t.value()),
                SYNC_BINDING.INTEGRATION_ID.eq(integration), SYNC_BINDING.ENTITY_TYPE.eq(type)).execute();
    }

    public static Optional<SyncRole> role(DSLContext tx, TenantId t, UUID integration, String type) {
        return tx.select(SYNC_BINDING.SYNC_ROLE).from(SYNC_BINDING)
                .where(SYNC_BINDING.TENANT_ID.eq(t.value()), SYNC_BINDING.INTEGRATION_ID.eq(integration),
                        SYNC_BINDING.ENTITY_TYPE.eq(type))
                .fetchOptional(r -> SyncRole.valueOf(r.value1()));
    }

    /** The bindings of an entity type (all types when null), with their integrations' names, by name. */
    public static List<Binding> bindings(DSLContext tx, TenantId t, String type) {
        return tx.select(SYNC_BINDING.INTEGRATION_ID, SYNC_INTEGRATION.NAME, SYNC_BINDING.ENTITY_TYPE,
                        SYNC_BINDING.SYNC_ROLE, SYNC_BINDING.PULL_EVERY_SECONDS)
                .from(SYNC_BINDING).join(SYNC_INTEGRATION)
                .on(SYNC_INTEGRATION.TENANT_ID.eq(SYNC_BINDING.TENANT_ID), SYNC_INTEGRATION.ID.eq(SYNC_BINDING.INTEGRATION_ID))
                .where(SYNC_BINDING.TENANT_ID.eq(t.value()), SYNC_INTEGRATION.TENANT_ID.eq(t.value()))
                .and(type == null ? DSL.noCondition() : SYNC_BINDING.ENTITY_TYPE.eq(type))
                .orderBy(SYNC_BINDING.ENTITY_TYPE, SYNC_INTEGRATION.NAME)
                .fetch(r -> new Binding(new IntegrationId(r.value1()), r.value2(), r.value3(), SyncRole.valueOf(r.value4()),
                        Optional.ofNullable(r.value5()).map(s -> Duration.ofSeconds(s))));
    }

    /** The enabled integrations written to for an entity type. */
    public static List<UUID> targets(DSLContext tx, TenantId t, String type) {
        return tx.select(SYNC_BINDING.INTEGRATION_ID).from(SYNC_BINDING).join(SYNC_INTEGRATION)
                .on(SYNC_INTEGRATION.TENANT_ID.eq(SYNC_BINDING.TENANT_ID), SYNC_INTEGRATION.ID.eq(SYNC_BINDING.INTEGRATION_ID))
                .where(SYNC_BINDING.TENANT_ID.eq(t.value()), SYNC_INTEGRATION.TENANT_ID.eq(t.value()),
                        SYNC_BINDING.ENTITY_TYPE.eq(type), SYNC_BINDING.SYNC_ROLE.in(SyncRole.TARGET.name(),
                                SyncRole.BOTH.name()), SYNC_INTEGRATION.ENABLED.isTrue())
                .orderBy(SYNC_BINDING.INTEGRATION_ID).fetch(r -> r.value1());
    }

    public static void putPolicy(DSLContext tx, TenantId t, String type, ConflictPolicy p, OffsetDateTime now) {
        String json = Json.write(Map.of("defaultOwner", p.defaultOwner().orElse(""), "owners", p.owners()));
        int n = tx.update(SYNC_POLICY).set(SYNC_POLICY.POLICY, json).set(SYNC_POLICY.UPDATED_AT, now)
                .where(SYNC_POLICY.TENANT_ID.eq(t.value()), SYNC_POLICY.ENTITY_TYPE.eq(type)).execute();
        if (n == 0) {
            tx.insertInto(SYNC_POLICY).set(SYNC_POLICY.TENANT_ID, t.value()).set(SYNC_POLICY.ENTITY_TYPE, type)
                    .set(SYNC_POLICY.POLICY, json).set(SYNC_POLICY.UPDATED_AT, now).execute();
        }
    }

    @SuppressWarnings("unchecked")
    public static ConflictPolicy policy(DSLContext tx, TenantId t, String type) {
        String json = tx.select(SYNC_POLICY.POLICY).from(SYNC_POLICY)
                .where(SYNC_POLICY.TENANT_ID.eq(t.value()), SYNC_POLICY.ENTITY_TYPE.eq(type)).fetchOne(r -> r.value1());
        if (json == null) {
            return ConflictPolicy.lastWriterWins();
        }
        try {
            Map<String, Object> m = Json.MAPPER.readValue(json, Map.class);
            String owner = (String) m.get("defaultOwner");
            return new ConflictPolicy(Optional.ofNullable(owner).filter(s -> !s.isEmpty()),
                    (Map<String, String>) m.get("owners"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the sync policy of " + type + " is unreadable", e);
        }
    }

    // ---- cursors and backfills

    /** Locks the cursor row (created empty when missing) and returns its value. */
    public static Optional<String> lockCursor(DSLContext tx, TenantId t, UUID integration, String type,
                                              OffsetDateTime now) {
        var row = tx.select(SYNC_CURSOR.CURSOR_VALUE).from(SYNC_CURSOR)
                .where(SYNC_CURSOR.TENANT_ID.eq(t.value()), SYNC_CURSOR.INTEGRATION_ID.eq(integration),
                        SYNC_CURSOR.ENTITY_TYPE.eq(type)).forUpdate().fetchOptional();
        if (row.isEmpty()) {
            tx.insertInto(SYNC_CURSOR).set(SYNC_CURSOR.TENANT_ID, t.value()).set(SYNC_CURSOR.INTEGRATION_ID, integration)
                    .set(SYNC_CURSOR.ENTITY_TYPE, type).set(SYNC_CURSOR.PULLED_AT, now).execute();
            return Optional.empty();
        }
        return Optional.ofNullable(row.get().value1());
    }

    public static void saveCursor(DSLContext tx, TenantId t, UUID integration, String type, String cursor,
                                  OffsetDateTime now) {
        tx.update(SYNC_CURSOR).set(SYNC_CURSOR.CURSOR_VALUE, cursor).set(SYNC_CURSOR.PULLED_AT, now)
                .where(SYNC_CURSOR.TENANT_ID.eq(t.value()), SYNC_CURSOR.INTEGRATION_ID.eq(integration),
                        SYNC_CURSOR.ENTITY_TYPE.eq(type)).execute();
    }

    public static Optional<String> cursor(DSLContext tx, TenantId t, UUID integration, String type) {
        return tx.select(SYNC_CURSOR.CURSOR_VALUE).from(SYNC_CURSOR)
                .where(SYNC_CURSOR.TENANT_ID.eq(t.value()), SYNC_CURSOR.INTEGRATION_ID.eq(integration),
                        SYNC_CURSOR.ENTITY_TYPE.eq(type)).fetchOptional(r -> r.value1());
    }

    public static void insertBackfill(DSLContext tx, TenantId t, UUID id, UUID integration, String type,
                                      OffsetDateTime now) {
        tx.insertInto(SYNC_BACKFILL).set(SYNC_BACKFILL.TENANT_ID, t.value()).set(SYNC_BACKFILL.ID, id)
                .set(SYNC_BACKFILL.INTEGRATION_ID, integration).set(SYNC_BACKFILL.ENTITY_TYPE, type)
                .set(SYNC_BACKFILL.STATUS, "RUNNING").set(SYNC_BACKFILL.PAGES, 0L).set(SYNC_BACKFILL.PROCESSED, 0L)
                .set(SYNC_BACKFILL.CHANGED, 0L).set(SYNC_BACKFILL.FAILED, 0L).set(SYNC_BACKFILL.STARTED_AT, now)
                .set(SYNC_BACKFILL.UPDATED_AT, now).execute();
    }

    public static Optional<SyncBackfillRecord> backfill(DSLContext tx, TenantId t, UUID id, boolean lock) {
        var q = tx.selectFrom(SYNC_BACKFILL).where(SYNC_BACKFILL.TENANT_ID.eq(t.value()), SYNC_BACKFILL.ID.eq(id));
        return lock ? q.forUpdate().fetchOptional() : q.fetchOptional();
    }

    public static void backfillProgress(DSLContext tx, TenantId t, UUID id, String cursor, long processed,
                                        long changed, long failed, Long total, boolean done, OffsetDateTime now) {
        tx.update(SYNC_BACKFILL).set(SYNC_BACKFILL.CURSOR_VALUE, cursor).set(SYNC_BACKFILL.PAGES, SYNC_BACKFILL.PAGES.plus(1))
                .set(SYNC_BACKFILL.PROCESSED, SYNC_BACKFILL.PROCESSED.plus(processed))
                .set(SYNC_BACKFILL.CHANGED, SYNC_BACKFILL.CHANGED.plus(changed))
                .set(SYNC_BACKFILL.FAILED, SYNC_BACKFILL.FAILED.plus(failed))
                .set(SYNC_BACKFILL.TOTAL, total == null ? SYNC_BACKFILL.TOTAL : DSL.val(total))
                .set(SYNC_BACKFILL.STATUS, done ? "DONE" : "RUNNING").set(SYNC_BACKFILL.FINISHED_AT, done ? now : null)
                .set(SYNC_BACKFILL.UPDATED_AT, now)
                .where(SYNC_BACKFILL.TENANT_ID.eq(t.value()), SYNC_BACKFILL.ID.eq(id)).execute();
    }

    public static void backfillFailed(DSLContext tx, TenantId t, UUID id, String error, OffsetDateTime now) {
        tx.update(SYNC_BACKFILL).set(SYNC_BACKFILL.STATUS, "FAILED").set(SYNC_BACKFILL.ERROR, cut(error, 1000))
                .set(SYNC_BACKFILL.FINISHED_AT, now).set(SYNC_BACKFILL.UPDATED_AT, now)
                .where(SYNC_BACKFILL.TENANT_ID.eq(t.value()), SYNC_BACKFILL.ID.eq(id)).execute();
    }

    // ---- hub records and mappings

    public static Optional<SyncRecordRecord> lockRecord(DSLContext tx, TenantId t, String type, String localId) {
        return tx.selectFrom(SYNC_RECORD).where(SYNC_RECORD.TENANT_ID.eq(t.value()), SYNC_RECORD.ENTITY_TYPE.eq(type),
                SYNC_RECORD.LOCAL_ID.eq(localId)).forUpdate().fetchOptional();
    }

    public static Optional<SyncRecordRecord> record(DSLContext tx, TenantId t, String type, String localId) {
        return tx.selectFrom(SYNC_RECORD).where(SYNC_RECORD.TENANT_ID.eq(t.value()), SYNC_RECORD.ENTITY_TYPE.eq(type),
                SYNC_RECORD.LOCAL_ID.eq(localId)).fetchOptional();
    }

    public static void updateRecord(DSLContext tx, TenantId t, String type, String localId, String naturalKey,
                                    Merge.Hub hub, OffsetDateTime now) {
        tx.update(SYNC_RECORD).set(SYNC_RECORD.NATURAL_KEY, naturalKey).set(SYNC_RECORD.VERSION, hub.version())
                .set(SYNC_RECORD.DELETED, hub.deleted()).set(SYNC_RECORD.FIELDS, Canonical.json(hub.fields()))
                .set(SYNC_RECORD.FIELD_META, Json.write(hub.meta())).set(SYNC_RECORD.UPDATED_AT, now)
                .where(SYNC_RECORD.TENANT_ID.eq(t.value()), SYNC_RECORD.ENTITY_TYPE.eq(type),
                        SYNC_RECORD.LOCAL_ID.eq(localId)).execute();
    }

    public static Merge.Hub hub(SyncRecordRecord r) {
        try {
            Map<String, Merge.FieldMeta> meta = Json.MAPPER.readValue(r.getFieldMeta(), METAS);
            return new Merge.Hub(Canonical.parseObject(r.getFields()), meta, r.getVersion(), r.getDeleted());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sync record " + r.getEntityType() + "/" + r.getLocalId() + " is unreadable", e);
        }
    }

    /** Hub records of a type after a local id, in local id order. */
    public static List<SyncRecordRecord> records(DSLContext tx, TenantId t, String type, String after, int limit) {
        return tx.selectFrom(SYNC_RECORD).where(SYNC_RECORD.TENANT_ID.eq(t.value()), SYNC_RECORD.ENTITY_TYPE.eq(type))
                .and(after == null ? DSL.noCondition() : SYNC_RECORD.LOCAL_ID.gt(after))
                .orderBy(SYNC_RECORD.LOCAL_ID).limit(limit).fetch();
    }

    public static Optional<SyncMappingRecord> mapping(DSLContext tx, TenantId t, UUID integration, String type,
                                                      String localId) {
        return tx.selectFrom(SYNC_MAPPING).where(SYNC_MAPPING.TENANT_ID.eq(t.value()),
                SYNC_MAPPING.INTEGRATION_ID.eq(integration), SYNC_MAPPING.ENTITY_TYPE.eq(type),
                SYNC_MAPPING.LOCAL_ID.eq(localId)).fetchOptional();
    }

    public static Optional<SyncMappingRecord> mappingByRemote(DSLContext tx, TenantId t, UUID integration, String type,
                                                              String remoteId) {
        return tx.selectFrom(SYNC_MAPPING).where(SYNC_MAPPING.TENANT_ID.eq(t.value()),
                SYNC_MAPPING.INTEGRATION_ID.eq(integration), SYNC_MAPPING.ENTITY_TYPE.eq(type),
                SYNC_MAPPING.REMOTE_ID.eq(remoteId)).fetchOptional();
    }

    // A page's lookups below name hundreds of keys in one IN list, whose values go unconverted:
    // H2 looks an IN list up in an index only when its values are plain parameters (with jOOQ's
    // default casts it reads every row of the tenant's type instead).

    private static DSLContext plainParams(DSLContext tx) {
        return DSL.using(tx.configuration().derive(
                ((Settings) tx.settings().clone()).withParamCastMode(ParamCastMode.NEVER)));
    }

    /** The mappings of many remote ids of one integration and type, in one query. */
    public static List<SyncMappingRecord> mappingsByRemote(DSLContext tx, TenantId t, UUID integration, String type,
                                                           Collection<String> remoteIds) {
        return plainParams(tx).selectFrom(SYNC_MAPPING).where(SYNC_MAPPING.TENANT_ID.eq(t.value()),
                SYNC_MAPPING.INTEGRATION_ID.eq(integration), SYNC_MAPPING.ENTITY_TYPE.eq(type),
                SYNC_MAPPING.REMOTE_ID.in(remoteIds)).fetch();
    }

    /** The mappings of many local ids of one integration and type, in one query. */
    public static List<SyncMappingRecord> mappingsByLocal(DSLContext tx, TenantId t, UUID integration, String type,
                                                          Collection<String> localIds) {
        return plainParams(tx).selectFrom(SYNC_MAPPING).where(SYNC_MAPPING.TENANT_ID.eq(t.value()),
                SYNC_MAPPING.INTEGRATION_ID.eq(integration), SYNC_MAPPING.ENTITY_TYPE.eq(type),
                SYNC_MAPPING.LOCAL_ID.in(localIds)).fetch();
    }

    /** Hub records of many local ids of one type, locked for update in local id order, in one query. */
    public static List<SyncRecordRecord> lockRecords(DSLContext tx, TenantId t, String type,
                                                     Collection<String> localIds) {
        return plainParams(tx).selectFrom(SYNC_RECORD).where(SYNC_RECORD.TENANT_ID.eq(t.value()),
                SYNC_RECORD.ENTITY_TYPE.eq(type), SYNC_RECORD.LOCAL_ID.in(localIds))
                .orderBy(SYNC_RECORD.LOCAL_ID).forUpdate().fetch();
    }

    /** Hub records of many natural keys of one type, locked for update in local id order, in one query. */
    public static List<SyncRecordRecord> lockRecordsByNaturalKey(DSLContext tx, TenantId t, String type,
                                                                 Collection<String> naturalKeys) {
        return plainParams(tx).selectFrom(SYNC_RECORD).where(SYNC_RECORD.TENANT_ID.eq(t.value()),
                SYNC_RECORD.ENTITY_TYPE.eq(type), SYNC_RECORD.NATURAL_KEY.in(naturalKeys))
                .orderBy(SYNC_RECORD.LOCAL_ID).forUpdate().fetch();
    }

    /** A hub record's state to write. */
    public record RecordRow(String localId, String naturalKey, Merge.Hub hub) {
    }

    /** A mapping's state to write. */
    public record MappingRow(String localId, String remoteId, String seenHash, String writtenHash, long syncedVersion,
                             Instant remoteUpdatedAt, boolean deleted) {
    }

    // The batch statements below are rendered once and executed with one set of bind values per
    // row (one JDBC batch). The tenant id is an inline literal, the only form of it the tenant
    // guard accepts in a batch, since every bind set replaces the values the guard saw.

    /** Inserts new hub records of one type as one JDBC batch. */
    public static void insertRecords(DSLContext tx, TenantId t, String type, List<RecordRow> rows,
                                     OffsetDateTime now) {
        if (rows.isEmpty()) {
            return;
        }
        var r = SYNC_RECORD;
        var batch = tx.batch(tx.insertInto(r, r.TENANT_ID, r.ENTITY_TYPE, r.LOCAL_ID, r.NATURAL_KEY, r.VERSION,
                        r.DELETED, r.FIELDS, r.FIELD_META, r.CREATED_AT, r.UPDATED_AT)
                .values(DSL.inline(t.value(), r.TENANT_ID), DSL.val(type, r.ENTITY_TYPE), DSL.val("", r.LOCAL_ID),
                        DSL.val("", r.NATURAL_KEY), DSL.val(0L, r.VERSION), DSL.val(false, r.DELETED),
                        DSL.val("", r.FIELDS), DSL.val("", r.FIELD_META), DSL.val(now, r.CREATED_AT),
                        DSL.val(now, r.UPDATED_AT)));
        for (RecordRow row : rows) {
            batch = batch.bind(type, row.localId(), row.naturalKey(), row.hub().version(), row.hub().deleted(),
                    Canonical.json(row.hub().fields()), Json.write(row.hub().meta()), now, now);
        }
        batch.execute();
    }

    /** Updates hub records of one type as one JDBC batch. */
    public static void updateRecords(DSLContext tx, TenantId t, String type, List<RecordRow> rows,
                                     OffsetDateTime now) {
        if (rows.isEmpty()) {
            return;
        }
        var r = SYNC_RECORD;
        var batch = tx.batch(tx.update(r).set(r.NATURAL_KEY, DSL.val("", r.NATURAL_KEY))
                .set(r.VERSION, DSL.val(0L, r.VERSION)).set(r.DELETED, DSL.val(false, r.DELETED))
                .set(r.FIELDS, DSL.val("", r.FIELDS)).set(r.FIELD_META, DSL.val("", r.FIELD_META))
                .set(r.UPDATED_AT, DSL.val(now, r.UPDATED_AT))
                .where(r.TENANT_ID.eq(DSL.inline(t.value(), r.TENANT_ID)),
                        r.ENTITY_TYPE.eq(DSL.val(type, r.ENTITY_TYPE)), r.LOCAL_ID.eq(DSL.val("", r.LOCAL_ID))));
        for (RecordRow row : rows) {
            batch = batch.bind(row.naturalKey(), row.hub().version(), row.hub().deleted(),
                    Canonical.json(row.hub().fields()), Json.write(row.hub().meta()), now, type, row.localId());
        }
        batch.execute();
    }

    /** Inserts new mappings of one integration and type as one JDBC batch. */
    public static void insertMappings(DSLContext tx, TenantId t, UUID integration, String type, List<MappingRow> rows,
                                      OffsetDateTime now) {
        if (rows.isEmpty()) {
            return;
        }
        var m = SYNC_MAPPING;
        var batch = tx.batch(tx.insertInto(m, m.TENANT_ID, m.INTEGRATION_ID, m.ENTITY_TYPE, m.LOCAL_ID, m.REMOTE_ID,
                m.SEEN_HASH, m.WRITTEN_HASH, m.SYNCED_VERSION, m.REMOTE_UPDATED_AT, m.DELETED, m.UPDATED_AT)
                .values(DSL.inline(t.value(), m.TENANT_ID), DSL.val(integration, m.INTEGRATION_ID),
                        DSL.val(type, m.ENTITY_TYPE), DSL.val("", m.LOCAL_ID), DSL.val("", m.REMOTE_ID),
                        DSL.val("", m.SEEN_HASH), DSL.val("", m.WRITTEN_HASH), DSL.val(0L, m.SYNCED_VERSION),
                        DSL.val(now, m.REMOTE_UPDATED_AT), DSL.val(false, m.DELETED), DSL.val(now, m.UPDATED_AT)));
        for (MappingRow row : rows) {
            batch = batch.bind(integration, type, row.localId(), row.remoteId(), row.seenHash(), row.writtenHash(),
                    row.syncedVersion(), ts(row.remoteUpdatedAt()), row.deleted(), now);
        }
        batch.execute();
    }

    /** Updates mappings of one integration and type as one JDBC batch. */
    public static void updateMappings(DSLContext tx, TenantId t, UUID integration, String type, List<MappingRow> rows,
                                      OffsetDateTime now) {
        if (rows.isEmpty()) {
            return;
        }
        var m = SYNC_MAPPING;
        var batch = tx.batch(tx.update(m).set(m.REMOTE_ID, DSL.val("", m.REMOTE_ID))
                .set(m.SEEN_HASH, DSL.val("", m.SEEN_HASH)).set(m.WRITTEN_HASH, DSL.val("", m.WRITTEN_HASH))
                .set(m.SYNCED_VERSION, DSL.val(0L, m.SYNCED_VERSION))
                .set(m.REMOTE_UPDATED_AT, DSL.val(now, m.REMOTE_UPDATED_AT)).set(m.DELETED, DSL.val(false, m.DELETED))
                .set(m.UPDATED_AT, DSL.val(now, m.UPDATED_AT))
                .where(m.TENANT_ID.eq(DSL.inline(t.value(), m.TENANT_ID)),
                        m.INTEGRATION_ID.eq(DSL.val(integration, m.INTEGRATION_ID)),
                        m.ENTITY_TYPE.eq(DSL.val(type, m.ENTITY_TYPE)), m.LOCAL_ID.eq(DSL.val("", m.LOCAL_ID))));
        for (MappingRow row : rows) {
            batch = batch.bind(row.remoteId(), row.seenHash(), row.writtenHash(), row.syncedVersion(),
                    ts(row.remoteUpdatedAt()), row.deleted(), now, integration, type, row.localId());
        }
        batch.execute();
    }

    public static List<SyncMappingRecord> mappings(DSLContext tx, TenantId t, String type, String localId) {
        return tx.selectFrom(SYNC_MAPPING).where(SYNC_MAPPING.TENANT_ID.eq(t.value()),
                SYNC_MAPPING.ENTITY_TYPE.eq(type), SYNC_MAPPING.LOCAL_ID.eq(localId))
                .orderBy(SYNC_MAPPING.INTEGRATION_ID).fetch();
    }

    /** Writes the mapping of (integration, type, local id), inserting it when missing. */
    public static void putMapping(DSLContext tx, TenantId t, UUID integration, String type, String localId,
                                  String remoteId, String seenHash, String writtenHash, long syncedVersion,
                                  Instant remoteUpdatedAt, boolean deleted, OffsetDateTime now) {
        int n = tx.update(SYNC_MAPPING).set(SYNC_MAPPING.REMOTE_ID, remoteId).set(SYNC_MAPPING.SEEN_HASH, seenHash)
                .set(SYNC_MAPPING.WRITTEN_HASH, writtenHash).set(SYNC_MAPPING.SYNCED_VERSION, syncedVersion)
                .set(SYNC_MAPPING.REMOTE_UPDATED_AT, ts(remoteUpdatedAt)).set(SYNC_MAPPING.DELETED, deleted)
                .set(SYNC_MAPPING.UPDATED_AT, now)
                .where(SYNC_MAPPING.TENANT_ID.eq(t.value()), SYNC_MAPPING.INTEGRATION_ID.eq(integration),
                        SYNC_MAPPING.ENTITY_TYPE.eq(type), SYNC_MAPPING.LOCAL_ID.eq(localId)).execute();
        if (n == 0) {
            tx.insertInto(SYNC_MAPPING).set(SYNC_MAPPING.TENANT_ID, t.value()).set(SYNC_MAPPING.INTEGRATION_ID, integration)
                    .set(SYNC_MAPPING.ENTITY_TYPE, type).set(SYNC_MAPPING.LOCAL_ID, localId)
                    .set(SYNC_MAPPING.REMOTE_ID, remoteId).set(SYNC_MAPPING.SEEN_HASH, seenHash)
                    .set(SYNC_MAPPING.WRITTEN_HASH, writtenHash).set(SYNC_MAPPING.SYNCED_VERSION, syncedVersion)
                    .set(SYNC_MAPPING.REMOTE_UPDATED_AT, ts(remoteUpdatedAt)).set(SYNC_MAPPING.DELETED, deleted)
                    .set(SYNC_MAPPING.UPDATED_AT, now).execute();
        }
    }

    // ---- conflicts and failures

    public static void insertConflict(DSLContext tx, TenantId t, UUID id, String type, String localId, Merge.Note n,
                                      OffsetDateTime now) {
        tx.insertInto(SYNC_CONFLICT).set(SYNC_CONFLICT.TENANT_ID, t.value()).set(SYNC_CONFLICT.ID, id)
                .set(SYNC_CONFLICT.ENTITY_TYPE, type).set(SYNC_CONFLICT.LOCAL_ID, localId)
                .set(SYNC_CONFLICT.FIELD, n.field()).set(SYNC_CONFLICT.DECIDED_BY, n.rule())
                .set(SYNC_CONFLICT.KEPT_VALUE, cut(Canonical.json(n.kept()), 4000))
                .set(SYNC_CONFLICT.KEPT_FROM, n.keptFrom() == null ? "?" : n.keptFrom())
                .set(SYNC_CONFLICT.REJECTED_VALUE, cut(Canonical.json(n.rejected()), 4000))
                .set(SYNC_CONFLICT.REJECTED_FROM, n.rejectedFrom() == null ? "?" : n.rejectedFrom())
                .set(SYNC_CONFLICT.DETECTED_AT, now).execute();
    }

    public static void insertFailure(DSLContext tx, TenantId t, UUID id, UUID integration, String type,
                                     String remoteId, String localId, String kind, String message, String excerpt,
                                     OffsetDateTime now) {
        tx.insertInto(SYNC_FAILURE).set(SYNC_FAILURE.TENANT_ID, t.value()).set(SYNC_FAILURE.ID, id)
                .set(SYNC_FAILURE.INTEGRATION_ID, integration).set(SYNC_FAILURE.ENTITY_TYPE, type)
                .set(SYNC_FAILURE.REMOTE_ID, remoteId == null ? null : cut(remoteId, 200))
                .set(SYNC_FAILURE.LOCAL_ID, localId).set(SYNC_FAILURE.KIND, kind)
                .set(SYNC_FAILURE.MESSAGE, cut(message == null ? "(no message)" : message, 1000))
                .set(SYNC_FAILURE.EXCERPT, excerpt == null ? null : cut(excerpt, 2000)).set(SYNC_FAILURE.STATUS, "OPEN")
                .set(SYNC_FAILURE.OCCURRED_AT, now).execute();
    }

    public static String cut(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n);
    }
}
