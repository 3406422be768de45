package org.cityos.sync.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.cityos.core.TenantId;
import org.cityos.sync.internal.db.tables.records.SyncMappingRecord;
import org.cityos.sync.internal.db.tables.records.SyncRecordRecord;
import org.jooq.DSLContext;

/**
 * The hub rows one unit of work (a pulled page, a webhook's changes, an event's records) reads
 * and writes for one integration and entity type (internal). They are read for all the unit's
 * records at once, the records locked: the integration's mappings of the remote ids and their
 * records, then, for records it has not mapped, the records of the local ids the side stamped on
 * them or of their natural keys, with their mappings (single-table queries over one IN list each,
 * only those that have keys to look up: a new page takes two, a page of known records two). While
 * the records are merged the rows live here, so a record the unit names twice sees its own
 * earlier change; {@link #flush} then writes each row's last state once, as JDBC batches, in the
 * unit's transaction (which also advances the cursor and completes the job, so a crash anywhere
 * before the commit leaves nothing of the unit behind).
 *
 * <p>A key ("remote id", "natural key", "local id") is <em>known</em> once it was looked up or
 * written here; what this class holds for a known key is the truth for the rest of the unit.
 */
final class HubPage {
    /** A hub record as the unit holds it. */
    static final class Row {
        final String localId;
        String naturalKey;
        Merge.Hub hub;
        boolean stored;
        boolean dirty;

        Row(String localId, String naturalKey, Merge.Hub hub, boolean stored) {
            this.localId = localId;
            this.naturalKey = naturalKey;
            this.hub = hub;
            this.stored = stored;
        }
    }

    /** The integration's mapping of one hub record as the unit holds it. */
    static final class Link {
        final String localId;
        String remoteId;
        String seenHash;
        String writtenHash;
        long syncedVersion;
        Instant remoteUpdatedAt;
        boolean deleted;
        boolean stored;
        boolean dirty;

        Link(String localId, String remoteId) {
            this.localId = localId;
            this.remoteId = remoteId;
        }

        static Link of(SyncMappingRecord m) {
            Link l = new Link(m.getLocalId(), m.getRemoteId());
            l.seenHash = m.getSeenHash();
            l.writtenHash = m.getWrittenHash();
            l.syncedVersion = m.getSyncedVersion();
            l.remoteUpdatedAt = m.getRemoteUpdatedAt() == null ? null : m.getRemoteUpdatedAt().toInstant();
            l.deleted = m.getDeleted();
            l.stored = true;
            return l;
        }
    }

    private final UUID integration;
    private final String type;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, Link> byLocal = new LinkedHashMap<>();
    private final Map<String, Link> byRemote = new HashMap<>();
    private final Map<String, String> natural = new HashMap<>();
    private final Set<String> knownRemote = new HashSet<>();
    private final Set<String> knownNatural = new HashSet<>();
    private final Set<String> knownLocal = new HashSet<>();

    HubPage(UUID integration, String type) {
        this.integration = integration;
        this.type = type;
    }

    /**
     * Reads the mappings of the remote ids not known yet and their hub records (locked): two
     * queries, none when every id is known.
     */
    void loadRemote(DSLContext tx, TenantId t, Collection<String> remoteIds) {
        List<String> ids = unknown(remoteIds, knownRemote);
        if (ids.isEmpty()) {
            return;
        }
        List<SyncMappingRecord> found = SyncStore.mappingsByRemote(tx, t, integration, type, ids);
        List<String> locals = found.stream().map(SyncMappingRecord::getLocalId).filter(id -> !rows.containsKey(id))
                .distinct().sorted().toList();
        if (!locals.isEmpty()) {
            SyncStore.lockRecords(tx, t, type, locals).forEach(this::holdRow);
        }
        found.forEach(this::holdLink);
        knownRemote.addAll(ids);
    }

    /** Reads the hub records (locked) of the local ids not known yet, and their mappings. */
    void loadLocal(DSLContext tx, TenantId t, Collection<String> localIds) {
        List<String> ids = unknown(localIds, knownLocal);
        if (!ids.isEmpty()) {
            holdWithLinks(tx, t, SyncStore.lockRecords(tx, t, type, ids));
            knownLocal.addAll(ids);
        }
    }

    /** Reads the hub records (locked) of the natural keys not known yet, and their mappings. */
    void loadNatural(DSLContext tx, TenantId t, Collection<String> naturalKeys) {
        List<String> keys = unknown(naturalKeys, knownNatural);
        if (!keys.isEmpty()) {
            holdWithLinks(tx, t, SyncStore.lockRecordsByNaturalKey(tx, t, type, keys));
            knownNatural.addAll(keys);
        }
    }

    private static List<String> unknown(Collection<String> keys, Set<String> known) {
        return keys.stream().filter(k -> !known.contains(k)).distinct().sorted().toList();
    }

    private void holdWithLinks(DSLContext tx, TenantId t, List<SyncRecordRecord> found) {
        List<String> held = new ArrayList<>();
        for (SyncRecordRecord r : found) {
            if (holdRow(r)) {
                held.add(r.getLocalId());
            }
        }
        if (!held.isEmpty()) {
            SyncStore.mappingsByLocal(tx, t, integration, type, held).forEach(this::holdLink);
        }
    }

    /** Takes a record the unit does not hold yet (what it holds is newer than the table). */
    private boolean holdRow(SyncRecordRecord r) {
        if (rows.containsKey(r.getLocalId())) {
            return false;
        }
        rows.put(r.getLocalId(), new Row(r.getLocalId(), r.getNaturalKey(), SyncStore.hub(r), true));
        knownLocal.add(r.getLocalId());
        if (r.getNaturalKey() != null && knownNatural.add(r.getNaturalKey())) {
            natural.put(r.getNaturalKey(), r.getLocalId());
        }
        return true;
    }

    /** Takes a mapping of a held record the unit has no mapping of yet. */
    private void holdLink(SyncMappingRecord m) {
        if (!rows.containsKey(m.getLocalId()) || byLocal.containsKey(m.getLocalId())) {
            return;
        }
        Link l = Link.of(m);
        byLocal.put(l.localId, l);
        if (knownRemote.add(l.remoteId)) {
            byRemote.put(l.remoteId, l);
        }
    }

    /** The mapping of a remote id (loaded before), or null. */
    Link linkByRemote(String remoteId) {
        requireKnown(knownRemote, remoteId, "remote id");
        return byRemote.get(remoteId);
    }

    /** The mapping of a local id (loaded before), or null. */
    Link linkByLocal(String localId) {
        requireKnown(knownLocal, localId, "local id");
        return byLocal.get(localId);
    }

    /** The local id of a natural key (loaded before), or null. */
    String localIdOf(String naturalKey) {
        requireKnown(knownNatural, naturalKey, "natural key");
        return natural.get(naturalKey);
    }

    /** The hub record of a local id ({@link #load}ed before or created here), or null. */
    Row row(String localId) {
        requireKnown(knownLocal, localId, "local id");
        return rows.get(localId);
    }

    private static void requireKnown(Set<String> known, String key, String what) {
        if (!known.contains(key)) {
            throw new IllegalStateException(what + " " + key + " was not loaded");
        }
    }

    /** A new hub record. */
    Row insert(String localId, String naturalKey, Merge.Hub hub) {
        Row r = new Row(localId, null, hub, false);
        rows.put(localId, r);
        knownLocal.add(localId);
        update(r, naturalKey, hub);
        return r;
    }

    /** A hub record's new state. */
    void update(Row r, String naturalKey, Merge.Hub hub) {
        if (r.naturalKey != null && !r.naturalKey.equals(naturalKey) && r.localId.equals(natural.get(r.naturalKey))) {
            natural.remove(r.naturalKey);
        }
        if (naturalKey != null) {
            natural.put(naturalKey, r.localId);
            knownNatural.add(naturalKey);
        }
        r.naturalKey = naturalKey;
        r.hub = hub;
        r.dirty = true;
    }

    /** Sets the integration's mapping of {@code localId} ({@code current} when there is one). */
    void link(Link current, String localId, String remoteId, String seenHash, String writtenHash, long syncedVersion,
              Instant remoteUpdatedAt, boolean deleted) {
        Link l = current;
        if (l == null) {
            l = new Link(localId, remoteId);
            byLocal.put(localId, l);
        } else if (!l.remoteId.equals(remoteId) && byRemote.get(l.remoteId) == l) {
            byRemote.remove(l.remoteId); // still known: now no mapping has it
        }
        l.remoteId = remoteId;
        byRemote.put(remoteId, l);
        knownRemote.add(remoteId);
        l.seenHash = seenHash;
        l.writtenHash = writtenHash;
        l.syncedVersion = syncedVersion;
        l.remoteUpdatedAt = remoteUpdatedAt;
        l.deleted = deleted;
        l.dirty = true;
    }

    /**
     * Writes every changed row's last state: record updates, new records, mapping updates, new
     * mappings, each as one JDBC batch (updates first, so a natural key or remote id that moved
     * off a row is free before a new row takes it). Rows stay held, as written.
     */
    void flush(DSLContext tx, TenantId t, OffsetDateTime now) {
        List<SyncStore.RecordRow> newRows = new ArrayList<>();
        List<SyncStore.RecordRow> changedRows = new ArrayList<>();
        for (Row r : rows.values()) {
            if (r.dirty) {
                (r.stored ? changedRows : newRows).add(new SyncStore.RecordRow(r.localId, r.naturalKey, r.hub));
            }
        }
        List<SyncStore.MappingRow> newLinks = new ArrayList<>();
        List<SyncStore.MappingRow> changedLinks = new ArrayList<>();
        for (Link l : byLocal.values()) {
            if (l.dirty) {
                (l.stored ? changedLinks : newLinks).add(new SyncStore.MappingRow(l.localId, l.remoteId, l.seenHash,
                        l.writtenHash, l.syncedVersion, l.remoteUpdatedAt, l.deleted));
            }
        }
        SyncStore.updateRecords(tx, t, type, changedRows, now);
        SyncStore.insertRecords(tx, t, type, newRows, now);
        SyncStore.updateMappings(tx, t, integration, type, changedLinks, now);
        SyncStore.insertMappings(tx, t, integration, type, newLinks, now);
        for (Row r : rows.values()) {
            r.stored |= r.dirty;
            r.dirty = false;
        }
        for (Link l : byLocal.values()) {
            l.stored |= l.dirty;
            l.dirty = false;
        }
    }
}
