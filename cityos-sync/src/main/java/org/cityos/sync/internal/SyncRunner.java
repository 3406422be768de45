package org.cityos.sync.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.Ids;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.event.EventDelivery;
import org.cityos.core.job.JobContext;
import org.cityos.core.job.NewJob;
import org.cityos.core.job.RetryLater;
import org.cityos.sync.engine.Capability;
import org.cityos.sync.engine.Change;
import org.cityos.sync.engine.ChangePage;
import org.cityos.sync.engine.ConflictPolicy;
import org.cityos.sync.engine.Connector;
import org.cityos.sync.engine.ConnectorCall;
import org.cityos.sync.engine.ConnectorException;
import org.cityos.sync.engine.EntitySpec;
import org.cityos.sync.engine.Health;
import org.cityos.sync.engine.Integration;
import org.cityos.sync.engine.LocalRef;
import org.cityos.sync.engine.NewIntegration;
import org.cityos.sync.engine.RemoteRecord;
import org.cityos.sync.engine.SyncRole;
import org.cityos.sync.engine.WebhookChange;
import org.cityos.sync.internal.db.tables.records.SyncBackfillRecord;
import org.cityos.sync.internal.db.tables.records.SyncMappingRecord;
import org.cityos.sync.internal.db.tables.records.SyncRecordRecord;
import org.cityos.sync.webhook.InboundHandler;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync engine at work (internal): the pull job (one page of changes from a source, merged
 * into the hub, the cursor saved, in one transaction), the push job (one hub record written to
 * one target, the mapping saved in the job's transaction), the resync job, the outbox subscriber
 * that reads the library's own changes, and the handler of inbound webhooks.
 *
 * <p>Exactly-once effect: everything the engine writes to its tables commits with the job that
 * did the work, and every write to a side is preceded by a lookup ({@link Connector#findExisting})
 * when no mapping says where the record lives, so a job re-run after a crash between a side's
 * write and the mapping's commit finds the record instead of creating it again.
 */
public final class SyncRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRunner.class);
    private final Parts parts;

    /** The payload of a pull job; {@code backfill} set for a backfill run's pages. */
    public record PullPayload(UUID integration, String type, UUID backfill) {
    }

    /** The payload of a push job. */
    public record PushPayload(UUID integration, String type, String local) {
    }

    /** The payload of a resync job: push what a target lacks, a page of hub records at a time. */
    public record ResyncPayload(UUID integration, String type, String after) {
    }

    /** What one unit of work touched, for backfill progress and logs. */
    static final class Stats {
        long processed;
        long changed;
        long failed;
        long echoes;
    }

    /**
     * Per job: the transaction, tenant, lookups cached for its duration, and the hub rows it reads
     * and writes (per integration and type), written by {@link #flush} before the job commits.
     */
    final class Scope {
        final DSLContext tx;
        final TenantContext ctx;
        final TenantId t;
        private Map<String, String> names;
        private final Map<String, ConflictPolicy> policies = new HashMap<>();
        private final Map<String, List<UUID>> targets = new HashMap<>();
        private final Map<String, HubPage> hub = new LinkedHashMap<>();

        Scope(DSLContext tx, TenantContext ctx) {
            this.tx = tx;
            this.ctx = ctx;
            this.t = ctx.tenant();
        }

        String nameOf(String integrationId) {
            if (names == null) {
                names = SyncStore.integrationNames(tx, t);
            }
            return names.getOrDefault(integrationId, integrationId);
        }

        ConflictPolicy policy(String type) {
            return policies.computeIfAbsent(type, k -> SyncStore.policy(tx, t, k));
        }

        List<UUID> targets(String type) {
            return targets.computeIfAbsent(type, k -> SyncStore.targets(tx, t, k));
        }

        HubPage hub(UUID integration, String type) {
            return hub.computeIfAbsent(integration + ":" + type, k -> new HubPage(integration, type));
        }

        /** Writes the hub rows the job changed, in its transaction. */
        void flush() {
            for (HubPage p : hub.values()) {
                p.flush(tx, t, parts.now());
            }
        }
    }

    public SyncRunner(Parts parts) {
        this.parts = parts;
    }

    // ---- pull

    /** The pull job: one page from the cursor of (integration, type) or of a backfill run. */
    public void pull(JobContext job) throws Exception {
        PullPayload p = job.payload(PullPayload.class);
        Scope s = new Scope(job.tx(), job.requireTenant());
        Integration in = SyncStore.integration(s.tx, s.t, p.integration()).orElse(null);
        SyncBackfillRecord run = p.backfill() == null ? null
                : SyncStore.backfill(s.tx, s.t, p.backfill(), true).orElse(null);
        if (p.backfill() != null && (run == null || !"RUNNING".equals(run.getStatus()))) {
            return;
        }
        Optional<SyncRole> role = in == null ? Optional.empty() : SyncStore.role(s.tx, s.t, in.id().value(), p.type());
        if (in == null || !in.enabled() || role.isEmpty() || !role.get().reads()) {
            if (run != null) {
                SyncStore.backfillFailed(s.tx, s.t, run.getId(), "integration is missing, disabled or not a source of "
                        + p.type(), parts.now());
            }
            return;
        }
        Connector c = parts.connector(in);
        EntitySpec spec = Parts.spec(c, p.type());
        Optional<String> cursor = run != null ? Optional.ofNullable(run.getCursorValue())
                : SyncStore.lockCursor(s.tx, s.t, in.id().value(), p.type(), parts.now());
        ConnectorCall call = parts.call(s.ctx, in, c);
        ChangePage page;
        Stats stats = new Stats();
        try {
            page = c.listChanges(call, p.type(), cursor, parts.config.pageSize());
            preload(s, in.id().value(), spec, page.changes());
            for (Change ch : page.changes()) {
                apply(s, in, c, spec, call, p.type(), ch, stats);
            }
        } catch (ConnectorException e) {
            failed(s.ctx, in, e);
            if (run != null && (job.lastAttempt() || !e.retryable() && e.kind() != ConnectorException.Kind.UNAUTHORIZED)) {
                parts.db.tenant(s.ctx, tx2 -> {
                    SyncStore.backfillFailed(tx2, s.t, run.getId(), e.getMessage(), parts.now());
                    return null;
                });
                s.flush(); // what was merged before the failure stays, with the pushes it enqueued
                return;
            }
            throw retry(e);
        }
        s.flush();
        String next = page.cursor().orElse(cursor.orElse(null));
        if (run != null) {
            SyncStore.backfillProgress(s.tx, s.t, run.getId(), next, stats.processed, stats.changed, stats.failed,
                    page.total().isPresent() ? page.total().getAsLong() : null, !page.more(), parts.now());
        } else {
            SyncStore.saveCursor(s.tx, s.t, in.id().value(), p.type(), next, parts.now());
        }
        if (page.more()) {
            String key = Canonical.key("sync-pull:", in.id() + ":" + p.type() + ":"
                    + (run == null ? "" : run.getId()) + ":" + (next == null ? "" : next), 255);
            parts.cityOs.jobs().enqueue(s.tx, NewJob.of(Parts.PULL_JOB, p).withTenant(s.t)
                    .withMaxAttempts(parts.config.pullMaxAttempts()).withIdempotencyKey(key));
        }
        SyncStore.healthy(s.tx, s.t, in.id().value(), parts.now());
        LOG.debug("pulled {} changes of {} from {} ({} changed, {} echoes, {} failed)", stats.processed, p.type(),
                in.name(), stats.changed, stats.echoes, stats.failed);
    }

    /**
     * Reads the hub rows of a page's records for the whole page: by remote id, then the records
     * the integration has not mapped by the local id stamped on them or by natural key. On
     * PostgreSQL these lookups are planned for the keys at hand: a plan kept per connection for
     * any keys, made while the hub was small or had no statistics yet (a new database, before
     * autovacuum's first ANALYZE), compares each row with every key of the list.
     */
    private void preload(Scope s, UUID integration, EntitySpec spec, List<Change> changes) {
        List<RemoteRecord> records = new ArrayList<>();
        for (Change c : changes) {
            if (c.kind() == Change.Kind.UPSERT) {
                records.add(c.record().orElseThrow());
            }
        }
        if (records.isEmpty()) {
            return;
        }
        if (parts.db.postgres()) {
            s.tx.execute("set local plan_cache_mode = force_custom_plan");
        }
        HubPage hub = s.hub(integration, spec.type());
        hub.loadRemote(s.tx, s.t, records.stream().map(RemoteRecord::remoteId).toList());
        List<String> stamped = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (RemoteRecord r : records) {
            if (hub.linkByRemote(r.remoteId()) == null) {
                if (r.externalId().isPresent()) {
                    stamped.add(r.externalId().get());
                } else {
                    String key = naturalKey(spec, incoming(r.fields(), spec));
                    if (key != null) {
                        keys.add(key);
                    }
                }
            }
        }
        hub.loadLocal(s.tx, s.t, stamped);
        hub.loadNatural(s.tx, s.t, keys);
        if (parts.db.postgres()) {
            s.tx.execute("set local plan_cache_mode to default"); // the page's batches: one plan each
        }
    }

    private static String naturalKey(EntitySpec spec, Map<String, Object> fields) {
        Object natural = spec.naturalKey().map(fields::get).orElse(null);
        return natural == null ? null : SyncStore.cut(String.valueOf(natural), 500);
    }

    /** Applies one change from {@code in} in the scope's transaction. */
    void apply(Scope s, Integration in, Connector c, EntitySpec spec, ConnectorCall call, String type, Change ch,
               Stats stats) {
        stats.processed++;
        switch (ch.kind()) {
            case MALFORMED -> {
                SyncStore.insertFailure(s.tx, s.t, Ids.next(parts.db.clock()), in.id().value(), type, ch.remoteId(),
                        null, "MALFORMED", ch.problem().orElse("malformed record"), ch.excerpt().orElse(null),
                        parts.now());
                stats.failed++;
                LOG.warn("malformed {} record {} from integration {} skipped: {}", type, ch.remoteId(), in.name(),
                        ch.problem().orElse(""));
            }
            case FETCH -> {
                Optional<RemoteRecord> r = c.fetch(call, type, ch.remoteId());
                if (r.isPresent()) {
                    ingest(s, in, spec, type, r.get(), null, stats);
                } else {
                    delete(s, in, type, ch.remoteId(), stats);
                }
            }
            case DELETE -> delete(s, in, type, ch.remoteId(), stats);
            case UPSERT -> ingest(s, in, spec, type, ch.record().orElseThrow(), null, stats);
            default -> throw new IllegalStateException("unknown change kind " + ch.kind());
        }
    }

    /**
     * Merges a record read from {@code in} into the hub: skipped when it is what the sync last saw
     * there (an echo of its own write, or no change), otherwise merged under the policy, the
     * mapping updated, and pushes enqueued to the other targets (and to {@code in} when the
     * policy refused some of its values). The rows are the scope's, written when it flushes.
     */
    void ingest(Scope s, Integration in, EntitySpec spec, String type, RemoteRecord r, String knownLocalId,
                Stats stats) {
        Map<String, Object> fields = incoming(r.fields(), spec);
        String seen = Canonical.hash(fields);
        UUID inId = in.id().value();
        String naturalKey = naturalKey(spec, fields);
        HubPage hub = s.hub(inId, type);
        hub.loadRemote(s.tx, s.t, List.of(r.remoteId()));
        HubPage.Link mapping = hub.linkByRemote(r.remoteId());
        if (mapping != null && !mapping.deleted && seen.equals(mapping.seenHash)) {
            stats.echoes++;
            return;
        }
        String localId = mapping != null ? mapping.localId : knownLocalId != null ? knownLocalId
                : r.externalId().orElse(null);
        if (localId == null && naturalKey != null) {
            hub.loadNatural(s.tx, s.t, List.of(naturalKey));
            localId = hub.localIdOf(naturalKey);
        }
        HubPage.Row row = null;
        if (localId == null) {
            localId = Ids.next(parts.db.clock()).toString();
        } else {
            hub.loadLocal(s.tx, s.t, List.of(localId));
            mapping = mapping != null ? mapping : hub.linkByLocal(localId);
            row = hub.row(localId);
        }
        Merge.Hub current = row == null ? Merge.Hub.empty() : row.hub;
        Instant at = r.updatedAt().orElse(parts.db.clock().instant());
        long synced = mapping == null ? 0 : mapping.syncedVersion;
        Merge.Result m = Merge.apply(current, fields, at, inId.toString(), in.name(), synced, s.policy(type),
                s::nameOf);
        OffsetDateTime now = parts.now();
        String key = naturalKey != null ? naturalKey : row == null ? null : row.naturalKey;
        long version = m.hub().version();
        String written = m.correction() ? null : Canonical.hash(Canonical.project(m.hub().fields(), spec.fields()));
        long syncedNow = m.correction() ? synced : version;
        if (row == null) {
            hub.insert(localId, key, m.hub());
        } else if (m.changed()) {
            hub.update(row, key, m.hub());
        }
        for (Merge.Note n : m.conflicts()) {
            SyncStore.insertConflict(s.tx, s.t, Ids.next(parts.db.clock()), type, localId, n, now);
            LOG.info("sync conflict on {} {} field {}: kept {} from {}, rejected {} from {}", type, localId, n.field(),
                    n.kept(), n.keptFrom(), n.rejected(), n.rejectedFrom());
        }
        hub.link(mapping, localId, r.remoteId(), seen, written, syncedNow, r.updatedAt().orElse(null), false);
        if (m.changed()) {
            stats.changed++;
            enqueuePushes(s, type, localId, version, inId, m.correction() ? seen : null);
        } else if (m.correction()) {
            enqueuePush(s, inId, type, localId, "c" + seen.substring(0, 16));
        }
    }

    private static Map<String, Object> incoming(Map<String, Object> fields, EntitySpec spec) {
        Map<String, Object> in = new java.util.TreeMap<>();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (spec.fields().contains(e.getKey())) {
                in.put(e.getKey(), e.getValue());
            }
        }
        return in;
    }

    /** A deletion reported by {@code in}: the hub record is marked deleted and the deletion pushed. */
    void delete(Scope s, Integration in, String type, String remoteId, Stats stats) {
        UUID inId = in.id().value();
        HubPage hub = s.hub(inId, type);
        hub.loadRemote(s.tx, s.t, List.of(remoteId));
        HubPage.Link mapping = hub.linkByRemote(remoteId);
        if (mapping == null || mapping.deleted) {
            return;
        }
        HubPage.Row row = hub.row(mapping.localId); // a mapping's record exists (foreign key)
        long version = row.hub.version();
        if (!row.hub.deleted()) {
            version++;
            hub.update(row, row.naturalKey, new Merge.Hub(row.hub.fields(), row.hub.meta(), version, true));
            stats.changed++;
            enqueuePushes(s, type, mapping.localId, version, inId, null);
        }
        hub.link(mapping, mapping.localId, remoteId, null, null, version, null, true);
    }

    /** Enqueues a push of the record to every enabled target but {@code source} (unless it needs a correction). */
    void enqueuePushes(Scope s, String type, String localId, long version, UUID source, String correction) {
        for (UUID target : s.targets(type)) {
            if (!target.equals(source)) {
                enqueuePush(s, target, type, localId, "v" + version);
            } else if (correction != null) {
                enqueuePush(s, target, type, localId, "c" + correction.substring(0, 16));
            }
        }
    }

    void enqueuePush(Scope s, UUID target, String type, String localId, String tag) {
        String rest = target + ":" + type + ":" + localId;
        parts.cityOs.jobs().enqueue(s.tx, NewJob.of(Parts.PUSH_JOB, new PushPayload(target, type, localId))
                .withTenant(s.t).withMaxAttempts(parts.config.pushMaxAttempts())
                .withOrderingKey(Canonical.key("sync-push:", rest, 255))
                .withIdempotencyKey(Canonical.key("sync-push:", rest + ":" + tag, 255)));
    }

    // ---- push

    /** The push job: writes the hub record's current state to one target. */
    public void push(JobContext job) throws Exception {
        PushPayload p = job.payload(PushPayload.class);
        Scope s = new Scope(job.tx(), job.requireTenant());
        Integration in = SyncStore.integration(s.tx, s.t, p.integration()).orElse(null);
        if (in == null || !in.enabled()) {
            return; // a resync after enabling catches up
        }
        Optional<SyncRole> role = SyncStore.role(s.tx, s.t, in.id().value(), p.type());
        if (role.isEmpty() || !role.get().writes()) {
            return;
        }
        SyncRecordRecord row = SyncStore.lockRecord(s.tx, s.t, p.type(), p.local()).orElse(null);
        if (row == null) {
            return;
        }
        Connector c = parts.connector(in);
        EntitySpec spec = Parts.spec(c, p.type());
        ConnectorCall call = parts.call(s.ctx, in, c);
        try {
            write(s, in, c, spec, call, p.type(), row);
        } catch (ConnectorException e) {
            failed(s.ctx, in, e);
            boolean retry = e.retryable() || e.kind() == ConnectorException.Kind.UNAUTHORIZED;
            if (!retry || job.lastAttempt()) {
                String kind = retry ? "GAVE_UP" : "REJECTED";
                parts.db.tenant(s.ctx, tx2 -> {
                    SyncStore.insertFailure(tx2, s.t, Ids.next(parts.db.clock()), in.id().value(), p.type(), null,
                            p.local(), kind, e.getMessage(), null, parts.now());
                    return null;
                });
                LOG.warn("push of {} {} to {} failed for good ({}): {}", p.type(), p.local(), in.name(), kind,
                        e.getMessage());
                if (!retry) {
                    return;
                }
            }
            throw retry(e);
        }
        SyncStore.healthy(s.tx, s.t, in.id().value(), parts.now());
    }

    private void write(Scope s, Integration in, Connector c, EntitySpec spec, ConnectorCall call, String type,
                       SyncRecordRecord row) {
        UUID inId = in.id().value();
        String localId = row.getLocalId();
        Merge.Hub hub = SyncStore.hub(row);
        SyncMappingRecord mapping = SyncStore.mapping(s.tx, s.t, inId, type, localId).orElse(null);
        OffsetDateTime now = parts.now();
        if (hub.deleted()) {
            if (mapping != null && !mapping.getDeleted()) {
                if (spec.can(Capability.DELETE)) {
                    c.delete(call, type, mapping.getRemoteId());
                }
                SyncStore.putMapping(s.tx, s.t, inId, type, localId, mapping.getRemoteId(), null, null, hub.version(),
                        null, true, now);
            }
            return;
        }
        Map<String, Object> projection = Canonical.project(hub.fields(), spec.fields());
        String wanted = Canonical.hash(projection);
        if (mapping != null && !mapping.getDeleted() && wanted.equals(mapping.getWrittenHash())) {
            if (mapping.getSyncedVersion() < hub.version()) {
                SyncStore.putMapping(s.tx, s.t, inId, type, localId, mapping.getRemoteId(), mapping.getSeenHash(),
                        wanted, hub.version(), instant(mapping.getRemoteUpdatedAt()), false, now);
            }
            return;
        }
        Optional<String> remoteId = mapping == null || mapping.getDeleted() ? Optional.empty()
                : Optional.of(mapping.getRemoteId());
        Optional<RemoteRecord> existing = Optional.empty();
        if (remoteId.isEmpty()) {
            existing = c.findExisting(call, type, localId, projection);
            remoteId = existing.map(RemoteRecord::remoteId);
        }
        Optional<RemoteRecord> result;
        if (existing.isPresent() && wanted.equals(Canonical.hash(Canonical.project(existing.get().fields(),
                spec.fields())))) {
            result = existing; // an earlier attempt wrote it and crashed before its mapping committed
        } else {
            result = c.upsert(call, type, remoteId, localId, projection);
        }
        if (result.isEmpty()) {
            return; // nothing to write there for this record
        }
        RemoteRecord r = result.get();
        Map<String, Object> back = incoming(r.fields(), spec);
        String seen = Canonical.hash(back);
        SyncStore.putMapping(s.tx, s.t, inId, type, localId, r.remoteId(), seen, wanted, hub.version(),
                r.updatedAt().orElse(null), false, now);
        // what the side made of it (generated numbers, normalised values) flows back like any change
        Instant at = r.updatedAt().orElse(parts.db.clock().instant());
        Merge.Result m = Merge.apply(hub, back, at, inId.toString(), in.name(), hub.version(), s.policy(type),
                s::nameOf);
        for (Merge.Note n : m.conflicts()) {
            SyncStore.insertConflict(s.tx, s.t, Ids.next(parts.db.clock()), type, localId, n, now);
        }
        if (m.changed()) {
            SyncStore.updateRecord(s.tx, s.t, type, localId, row.getNaturalKey(), m.hub(), now);
            SyncStore.putMapping(s.tx, s.t, inId, type, localId, r.remoteId(), seen,
                    Canonical.hash(Canonical.project(m.hub().fields(), spec.fields())), m.hub().version(),
                    r.updatedAt().orElse(null), false, now);
            enqueuePushes(s, type, localId, m.hub().version(), inId, null);
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    // ---- resync

    /** The resync job: enqueues a push for each hub record of a type, a page at a time. */
    public void resync(JobContext job) {
        ResyncPayload p = job.payload(ResyncPayload.class);
        Scope s = new Scope(job.tx(), job.requireTenant());
        List<SyncRecordRecord> rows = SyncStore.records(s.tx, s.t, p.type(), p.after(), 200);
        for (SyncRecordRecord r : rows) {
            enqueuePush(s, p.integration(), p.type(), r.getLocalId(), "v" + r.getVersion());
        }
        if (rows.size() == 200) {
            String last = rows.get(rows.size() - 1).getLocalId();
            parts.cityOs.jobs().enqueue(s.tx, NewJob.of(Parts.RESYNC_JOB, new ResyncPayload(p.integration(), p.type(),
                    last)).withTenant(s.t).withIdempotencyKey(Canonical.key("sync-resync:", p.integration() + ":"
                    + p.type() + ":" + last + ":" + job.id(), 255)));
        }
    }

    // ---- the library's own changes

    /** The outbox subscriber: reads the records an event touched from the local side, once per event. */
    public void onEvent(EventDelivery d) {
        if (parts.local.isEmpty() || !d.markIfFirst()) {
            return;
        }
        Scope s = new Scope(d.tx(), d.tenant());
        Integration in = SyncStore.integrationByConnector(s.tx, s.t, NewIntegration.LOCAL_CONNECTOR).orElse(null);
        if (in == null || !in.enabled()) {
            return;
        }
        Connector c = parts.connector(in);
        for (LocalRef ref : parts.local.get().changesOf(d.event())) {
            Optional<SyncRole> role = SyncStore.role(s.tx, s.t, in.id().value(), ref.entityType());
            if (role.isEmpty() || !role.get().reads()) {
                continue;
            }
            EntitySpec spec = Parts.spec(c, ref.entityType());
            Optional<RemoteRecord> r = parts.local.get().read(s.ctx, ref.entityType(), ref.localId());
            Stats stats = new Stats();
            if (r.isPresent()) {
                ingest(s, in, spec, ref.entityType(), r.get(), ref.localId(), stats);
            } else {
                delete(s, in, ref.entityType(), ref.localId(), stats);
            }
        }
        s.flush();
    }

    // ---- inbound webhooks

    /** The handler of a webhook source whose messages come from the tenant's integration named {@code name}. */
    public InboundHandler webhookHandler(String name) {
        return (msg, job) -> {
            Scope s = new Scope(job.tx(), job.requireTenant());
            Integration in = SyncStore.integrationByName(s.tx, s.t, name).orElse(null);
            if (in == null || !in.enabled()) {
                LOG.debug("webhook {} for integration {} ignored: no such enabled integration", msg.id(), name);
                return;
            }
            Connector c = parts.connector(in);
            ConnectorCall call = parts.call(s.ctx, in, c);
            Stats stats = new Stats();
            try {
                for (WebhookChange wc : c.parseWebhook(call, msg.eventType(), msg.body())) {
                    Optional<SyncRole> role = SyncStore.role(s.tx, s.t, in.id().value(), wc.entityType());
                    if (role.isPresent() && role.get().reads()) {
                        apply(s, in, c, Parts.spec(c, wc.entityType()), call, wc.entityType(), wc.change(), stats);
                    }
                }
            } catch (ConnectorException e) {
                failed(s.ctx, in, e);
                throw retry(e);
            }
            s.flush();
        };
    }

    // ---- failures

    private void failed(TenantContext ctx, Integration in, ConnectorException e) {
        Health h = e.retryable() ? Health.DEGRADED : Health.FAILING;
        String detail = e.kind() + e.status().map(x -> " HTTP " + x).orElse("") + ": " + e.getMessage();
        try {
            parts.db.tenant(ctx, tx -> {
                SyncStore.unhealthy(tx, ctx.tenant(), in.id().value(), h, detail, parts.now());
                return null;
            });
        } catch (RuntimeException ex) {
            LOG.warn("could not record the health of integration {}: {}", in.name(), ex.toString());
        }
    }

    private static RuntimeException retry(ConnectorException e) {
        Optional<java.time.Duration> after = Parts.retryAfter(e);
        if (after.isPresent()) {
            return new RetryLater(e.getMessage(), after.get());
        }
        return e;
    }
}
