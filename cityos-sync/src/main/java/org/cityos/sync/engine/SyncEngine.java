package org.cityos.sync.engine;

import static org.cityos.sync.internal.db.Tables.SYNC_CONFLICT;
import static org.cityos.sync.internal.db.Tables.SYNC_FAILURE;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.core.Ids;
import org.cityos.core.Json;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.job.JobId;
import org.cityos.core.job.NewJob;
import org.cityos.core.job.Schedule;
import org.cityos.sync.internal.Canonical;
import org.cityos.sync.internal.Parts;
import org.cityos.sync.internal.SyncRunner;
import org.cityos.sync.internal.SyncStore;
import org.cityos.sync.internal.db.tables.records.SyncBackfillRecord;
import org.cityos.sync.internal.db.tables.records.SyncConflictRecord;
import org.cityos.sync.internal.db.tables.records.SyncFailureRecord;
import org.cityos.sync.webhook.InboundHandler;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The sync engine of each tenant: integration endpoints (base URL, credentials reference,
 * settings, enabled flag, health), which entity types each one is a source or target of (with
 * scheduled pulls), conflict policies, on-demand pulls, backfills with progress, resyncs, the hub
 * records with their mappings, and the conflicts and failures kept for review. The work itself
 * runs as jobs on the core queue; run them with {@code JobWorkers}.
 */
public final class SyncEngine {
    private static final String NAME = "[a-z][a-z0-9_-]{0,62}";
    private final Parts parts;
    private final SyncRunner runner;

    /** For {@code Sync}: the engine over its shared parts and runner. */
    public SyncEngine(Parts parts, SyncRunner runner) {
        this.parts = parts;
        this.runner = runner;
    }

    /** The names of the connectors registered on this node. */
    public Set<String> connectors() {
        return new TreeSet<>(parts.connectors.keySet());
    }

    // ---- integrations

    /**
     * Registers an integration endpoint; {@code invalid_argument} for a bad name, an unknown
     * connector or a base URL the SSRF guard refuses, {@code conflict} for a name in use.
     */
    public Integration createIntegration(TenantContext ctx, NewIntegration n) {
        check(n);
        UUID id = Ids.next(parts.db.clock());
        return parts.db.tenant(ctx, tx -> {
            if (SyncStore.integrationByName(tx, ctx.tenant(), n.name()).isPresent()) {
                throw CityOsException.conflict("integration '" + n.name() + "' exists already");
            }
            SyncStore.insertIntegration(tx, ctx.tenant(), id, n.name(), n.connector(), n.baseUrl().orElse(null),
                    n.credentialsRef().orElse(null), n.settings(), parts.now());
            return SyncStore.integration(tx, ctx.tenant(), id).orElseThrow();
        });
    }

    /** The library's own side ({@code cityos}), created on first use; {@code configuration} without a local side. */
    public Integration local(TenantContext ctx) {
        if (parts.local.isEmpty()) {
            throw new CityOsException(org.cityos.core.ErrorCode.CONFIGURATION,
                    "no LocalSide was given to Sync.builder(...).localSide(...)");
        }
        return integrationByName(ctx, NewIntegration.LOCAL_CONNECTOR)
                .orElseGet(() -> createIntegration(ctx, NewIntegration.local()));
    }

    /**
     * Changes an integration's base URL, credentials reference and settings (name and connector
     * stay); {@code not_found} for an unknown one, {@code invalid_argument} as for creation.
     */
    public Integration updateIntegration(TenantContext ctx, IntegrationId id, NewIntegration n) {
        check(n);
        return parts.db.tenant(ctx, tx -> {
            Integration cur = SyncStore.integration(tx, ctx.tenant(), id.value())
                    .orElseThrow(() -> CityOsException.notFound("integration", id));
            if (!cur.name().equals(n.name()) || !cur.connector().equals(n.connector())) {
                throw CityOsException.invalid("integration " + cur.name(), n.name() + "/" + n.connector(),
                        "keeps its name and connector");
            }
            SyncStore.updateIntegration(tx, ctx.tenant(), id.value(), n.baseUrl().orElse(null),
                    n.credentialsRef().orElse(null), n.settings(), parts.now());
            return SyncStore.integration(tx, ctx.tenant(), id.value()).orElseThrow();
        });
    }

    /** Stops all work on the integration (pulls, pushes, webhooks are skipped) until {@link #enable}. */
    public Integration disable(TenantContext ctx, IntegrationId id) {
        return setEnabled(ctx, id, false);
    }

    /** Resumes work on the integration; run {@link #resync} for the pushes skipped meanwhile. */
    public Integration enable(TenantContext ctx, IntegrationId id) {
        return setEnabled(ctx, id, true);
    }

    private Integration setEnabled(TenantContext ctx, IntegrationId id, boolean enabled) {
        return parts.db.tenant(ctx, tx -> {
            if (SyncStore.setEnabled(tx, ctx.tenant(), id.value(), enabled, parts.now()) == 0) {
                throw CityOsException.notFound("integration", id);
            }
            return SyncStore.integration(tx, ctx.tenant(), id.value()).orElseThrow();
        });
    }

    public Optional<Integration> integration(TenantContext ctx, IntegrationId id) {
        return parts.db.tenant(ctx, tx -> SyncStore.integration(tx, ctx.tenant(), id.value()));
    }

    public Optional<Integration> integrationByName(TenantContext ctx, String name) {
        return parts.db.tenant(ctx, tx -> SyncStore.integrationByName(tx, ctx.tenant(), name));
    }

    /** The tenant's integrations by name. */
    public List<Integration> integrations(TenantContext ctx) {
        return parts.db.tenant(ctx, tx -> SyncStore.integrations(tx, ctx.tenant()));
    }

    private void check(NewIntegration n) {
        if (n.name() == null || !n.name().matches(NAME)) {
            throw CityOsException.invalid("integration name", n.name(), "must be lower case, at most 63 characters");
        }
        if (n.connector() == null || !parts.connectors.containsKey(n.connector())) {
            throw CityOsException.invalid("connector", n.connector(), "is not registered (known: " + connectors() + ")");
        }
        if (!NewIntegration.LOCAL_CONNECTOR.equals(n.connector())) {
            parts.guard.check(n.baseUrl().orElseThrow(() -> CityOsException.invalid("base URL of " + n.name(), null,
                    "is required")));
        }
        if (n.credentialsRef().isPresent() && (n.credentialsRef().get().isBlank() || n.credentialsRef().get().length() > 500)) {
            throw CityOsException.invalid("credentials reference", n.credentialsRef().get(), "must be 1-500 characters");
        }
        if (Json.write(n.settings()).length() > 8000) {
            throw CityOsException.invalid("settings of " + n.name(), n.settings().size() + " entries", "are too long");
        }
    }

    // ---- bindings, schedules, policies

    /**
     * Makes the integration a source, target or both of an entity type, pulled every
     * {@code pullEvery} when given (a schedule per tenant, integration and type). Refused
     * ({@code invalid_argument}) when the connector cannot do what the role needs.
     */
    public Binding bind(TenantContext ctx, IntegrationId id, String entityType, SyncRole role,
                        Optional<Duration> pullEvery) {
        Integration in = integration(ctx, id).orElseThrow(() -> CityOsException.notFound("integration", id));
        EntitySpec spec = Parts.spec(parts.connector(in), entityType);
        if (role.reads() && !spec.can(Capability.LIST) && !spec.can(Capability.WEBHOOK)) {
            throw CityOsException.invalid("role of " + in.name() + " for " + entityType, role,
                    "needs changes to read, and the connector neither lists nor reads webhooks");
        }
        if (role.writes() && !spec.can(Capability.WRITE)) {
            throw CityOsException.invalid("role of " + in.name() + " for " + entityType, role,
                    "needs writes, which the connector cannot do");
        }
        if (pullEvery.isPresent() && (!role.reads() || !spec.can(Capability.LIST)
                || pullEvery.get().compareTo(Duration.ofSeconds(1)) < 0)) {
            throw CityOsException.invalid("pull interval of " + in.name() + " for " + entityType, pullEvery.get(),
                    "needs a source that lists changes, and at least a second");
        }
        parts.db.tenant(ctx, tx -> {
            SyncStore.putBinding(tx, ctx.tenant(), id.value(), entityType, role,
                    pullEvery.map(d -> (int) Math.min(Integer.MAX_VALUE, d.toSeconds())).orElse(null), parts.now());
            return null;
        });
        String schedule = scheduleName(id, entityType);
        if (pullEvery.isPresent()) {
            parts.cityOs.jobs().schedule(Schedule.every(schedule, pullEvery.get(), Parts.PULL_JOB)
                    .withTenant(ctx.tenant()).withPayload(new SyncRunner.PullPayload(id.value(), entityType, null))
                    .withMaxAttempts(parts.config.pullMaxAttempts()));
        } else {
            parts.cityOs.jobs().unschedule(schedule);
        }
        return new Binding(id, in.name(), entityType, role, pullEvery);
    }

    /** Removes the integration from the sync of an entity type (and its schedule); whether it was bound. */
    public boolean unbind(TenantContext ctx, IntegrationId id, String entityType) {
        parts.cityOs.jobs().unschedule(scheduleName(id, entityType));
        return parts.db.tenant(ctx, tx -> SyncStore.deleteBinding(tx, ctx.tenant(), id.value(), entityType)) > 0;
    }

    private static String scheduleName(IntegrationId id, String type) {
        return Canonical.key("sync-pull:", id + ":" + type, 100);
    }

    /** The tenant's bindings, by entity type and integration name. */
    public List<Binding> bindings(TenantContext ctx) {
        return parts.db.tenant(ctx, tx -> SyncStore.bindings(tx, ctx.tenant(), null));
    }

    /** Sets the conflict policy of an entity type (default: last writer wins). */
    public void setPolicy(TenantContext ctx, String entityType, ConflictPolicy policy) {
        java.util.Objects.requireNonNull(policy, "policy");
        parts.db.tenant(ctx, tx -> {
            SyncStore.putPolicy(tx, ctx.tenant(), entityType, policy, parts.now());
            return null;
        });
    }

    public ConflictPolicy policy(TenantContext ctx, String entityType) {
        return parts.db.tenant(ctx, tx -> SyncStore.policy(tx, ctx.tenant(), entityType));
    }

    // ---- triggers

    /** Enqueues a pull of (integration, type) from its cursor now (a scheduled pull does the same). */
    public JobId pullNow(TenantContext ctx, IntegrationId id, String entityType) {
        return parts.cityOs.jobs().enqueue(NewJob.of(Parts.PULL_JOB, new SyncRunner.PullPayload(id.value(), entityType,
                null)).withTenant(ctx.tenant()).withMaxAttempts(parts.config.pullMaxAttempts()));
    }

    /**
     * Starts a full backfill of an entity type from an integration: every record from the
     * beginning, a page per job, with its own cursor (the incremental cursor is left alone) and
     * progress in {@link #backfill(TenantContext, BackfillId)}.
     */
    public Backfill backfill(TenantContext ctx, IntegrationId id, String entityType) {
        Integration in = integration(ctx, id).orElseThrow(() -> CityOsException.notFound("integration", id));
        if (!Parts.spec(parts.connector(in), entityType).can(Capability.LIST)) {
            throw CityOsException.invalid("backfill of " + entityType, in.name(), "cannot list its records");
        }
        UUID run = Ids.next(parts.db.clock());
        return parts.db.tenant(ctx, tx -> {
            if (SyncStore.role(tx, ctx.tenant(), id.value(), entityType).filter(SyncRole::reads).isEmpty()) {
                throw CityOsException.invalid("backfill of " + entityType, in.name(), "is not a source of it");
            }
            SyncStore.insertBackfill(tx, ctx.tenant(), run, id.value(), entityType, parts.now());
            parts.cityOs.jobs().enqueue(tx, NewJob.of(Parts.PULL_JOB, new SyncRunner.PullPayload(id.value(), entityType,
                    run)).withTenant(ctx.tenant()).withMaxAttempts(parts.config.pullMaxAttempts())
                    .withOrderingKey("sync-backfill:" + run));
            return toBackfill(SyncStore.backfill(tx, ctx.tenant(), run, false).orElseThrow(), in.name());
        });
    }

    /** A backfill run and its progress. */
    public Optional<Backfill> backfill(TenantContext ctx, BackfillId id) {
        return parts.db.tenant(ctx, tx -> SyncStore.backfill(tx, ctx.tenant(), id.value(), false).map(r ->
                toBackfill(r, SyncStore.integration(tx, ctx.tenant(), r.getIntegrationId()).map(Integration::name)
                        .orElse("?"))));
    }

    private static Backfill toBackfill(SyncBackfillRecord r, String integration) {
        return new Backfill(new BackfillId(r.getId()), integration, r.getEntityType(),
                Backfill.Status.valueOf(r.getStatus()), r.getPages(), r.getProcessed(), r.getChanged(), r.getFailed(),
                r.getTotal() == null ? OptionalLong.empty() : OptionalLong.of(r.getTotal()),
                Optional.ofNullable(r.getError()), r.getStartedAt().toInstant(),
                Optional.ofNullable(r.getFinishedAt()).map(OffsetDateTime::toInstant));
    }

    /**
     * Enqueues a push of every hub record of a type to the integration (each a no-op where the
     * side holds the record's current state already): after enabling it again, or for a new target.
     */
    public JobId resync(TenantContext ctx, IntegrationId id, String entityType) {
        return parts.cityOs.jobs().enqueue(NewJob.of(Parts.RESYNC_JOB, new SyncRunner.ResyncPayload(id.value(),
                entityType, null)).withTenant(ctx.tenant()));
    }

    /**
     * The handler to give an inbound webhook source whose messages come from the tenant's
     * integration named {@code integrationName}: the connector reads the changes from the
     * message, which are merged like pulled ones.
     */
    public InboundHandler webhookHandler(String integrationName) {
        return runner.webhookHandler(integrationName);
    }

    // ---- the hub

    /** A hub record with its mappings, if the sync knows it. */
    public Optional<SyncedRecord> record(TenantContext ctx, String entityType, String localId) {
        return parts.db.tenant(ctx, tx -> SyncStore.record(tx, ctx.tenant(), entityType, localId).map(r -> {
            Map<String, String> names = SyncStore.integrationNames(tx, ctx.tenant());
            List<RecordMapping> maps = SyncStore.mappings(tx, ctx.tenant(), entityType, localId).stream()
                    .map(m -> new RecordMapping(names.getOrDefault(m.getIntegrationId().toString(), "?"),
                            m.getRemoteId(), m.getSyncedVersion(), m.getDeleted(),
                            Optional.ofNullable(m.getRemoteUpdatedAt()).map(OffsetDateTime::toInstant)))
                    .toList();
            return new SyncedRecord(entityType, localId, r.getVersion(), r.getDeleted(),
                    SyncStore.hub(r).fields(), r.getUpdatedAt().toInstant(), maps);
        }));
    }

    /** The local id of a side's record, if the sync has mapped it. */
    public Optional<String> localIdOf(TenantContext ctx, IntegrationId id, String entityType, String remoteId) {
        return parts.db.tenant(ctx, tx -> SyncStore.mappingByRemote(tx, ctx.tenant(), id.value(), entityType, remoteId)
                .map(m -> m.getLocalId()));
    }

    /** The incremental cursor of (integration, type), if a pull saved one. */
    public Optional<String> cursor(TenantContext ctx, IntegrationId id, String entityType) {
        return parts.db.tenant(ctx, tx -> SyncStore.cursor(tx, ctx.tenant(), id.value(), entityType));
    }

    // ---- review

    /** Recorded conflicts, oldest first, keyset-paginated. */
    public Page<Conflict> conflicts(TenantContext ctx, PageRequest page) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<Conflict> rows = parts.db.tenant(ctx, tx -> tx.selectFrom(SYNC_CONFLICT)
                .where(SYNC_CONFLICT.TENANT_ID.eq(ctx.tenant().value()))
                .and(after == null ? DSL.noCondition() : SYNC_CONFLICT.ID.gt(after))
                .orderBy(SYNC_CONFLICT.ID).limit(page.limit() + 1).fetch(SyncEngine::toConflict));
        return Page.of(rows, page.limit(), c -> c.id().toString());
    }

    /** Marks a conflict reviewed with a note; {@code not_found} for an unknown one. */
    public void resolveConflict(TenantContext ctx, ConflictId id, String resolution) {
        parts.db.tenant(ctx, tx -> {
            if (tx.update(SYNC_CONFLICT).set(SYNC_CONFLICT.RESOLVED_AT, parts.now())
                    .set(SYNC_CONFLICT.RESOLUTION, SyncStore.cut(resolution == null ? "resolved" : resolution, 500))
                    .where(SYNC_CONFLICT.TENANT_ID.eq(ctx.tenant().value()), SYNC_CONFLICT.ID.eq(id.value()))
                    .execute() == 0) {
                throw CityOsException.notFound("sync conflict", id);
            }
            return null;
        });
    }

    private static Conflict toConflict(SyncConflictRecord r) {
        return new Conflict(new ConflictId(r.getId()), r.getEntityType(), r.getLocalId(), r.getField(),
                r.getDecidedBy(), Optional.ofNullable(r.getKeptValue()), r.getKeptFrom(),
                Optional.ofNullable(r.getRejectedValue()), r.getRejectedFrom(), r.getDetectedAt().toInstant(),
                Optional.ofNullable(r.getResolvedAt()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.getResolution()));
    }

    /** Recorded failures (open and resolved), oldest first, keyset-paginated. */
    public Page<SyncFailure> failures(TenantContext ctx, PageRequest page) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<SyncFailure> rows = parts.db.tenant(ctx, tx -> {
            Map<String, String> names = SyncStore.integrationNames(tx, ctx.tenant());
            return tx.selectFrom(SYNC_FAILURE).where(SYNC_FAILURE.TENANT_ID.eq(ctx.tenant().value()))
                    .and(after == null ? DSL.noCondition() : SYNC_FAILURE.ID.gt(after))
                    .orderBy(SYNC_FAILURE.ID).limit(page.limit() + 1).fetch(r -> toFailure(r, names));
        });
        return Page.of(rows, page.limit(), f -> f.id().toString());
    }

    /** Closes a failure without retrying it; {@code not_found} for an unknown one. */
    public void resolveFailure(TenantContext ctx, FailureId id) {
        parts.db.tenant(ctx, tx -> closeFailure(tx, ctx.tenant(), id));
    }

    /**
     * Retries a failed write (closing the failure): the record's push to that integration is
     * enqueued again. A malformed record is retried by the next pull or webhook that brings it.
     */
    public void retryFailure(TenantContext ctx, FailureId id) {
        parts.db.tenant(ctx, tx -> {
            SyncFailureRecord f = closeFailure(tx, ctx.tenant(), id);
            if (f.getLocalId() != null) {
                parts.cityOs.jobs().enqueue(tx, NewJob.of(Parts.PUSH_JOB, new SyncRunner.PushPayload(
                        f.getIntegrationId(), f.getEntityType(), f.getLocalId())).withTenant(ctx.tenant())
                        .withMaxAttempts(parts.config.pushMaxAttempts())
                        .withOrderingKey(Canonical.key("sync-push:", f.getIntegrationId() + ":" + f.getEntityType() + ":"
                                + f.getLocalId(), 255)));
            }
            return null;
        });
    }

    private SyncFailureRecord closeFailure(DSLContext tx, TenantId t, FailureId id) {
        SyncFailureRecord f = tx.selectFrom(SYNC_FAILURE)
                .where(SYNC_FAILURE.TENANT_ID.eq(t.value()), SYNC_FAILURE.ID.eq(id.value())).fetchOptional()
                .orElseThrow(() -> CityOsException.notFound("sync failure", id));
        tx.update(SYNC_FAILURE).set(SYNC_FAILURE.STATUS, "RESOLVED").set(SYNC_FAILURE.RESOLVED_AT, parts.now())
                .where(SYNC_FAILURE.TENANT_ID.eq(t.value()), SYNC_FAILURE.ID.eq(id.value())).execute();
        return f;
    }

    private static SyncFailure toFailure(SyncFailureRecord r, Map<String, String> names) {
        return new SyncFailure(new FailureId(r.getId()), names.getOrDefault(r.getIntegrationId().toString(), "?"),
                r.getEntityType(), Optional.ofNullable(r.getRemoteId()), Optional.ofNullable(r.getLocalId()),
                SyncFailure.Kind.valueOf(r.getKind()), r.getMessage(), Optional.ofNullable(r.getExcerpt()),
                "OPEN".equals(r.getStatus()), r.getOccurredAt().toInstant());
    }


}
