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
import java.util.TreeSet;
import java.util.UUID;

import org.cityos.core.TenantId;
import org.cityos.sync.internal.db.tables.records.SyncMappingRecord;
import org.cityos.sync.internal.db.tables.records.SyncRecordRecord;
import org.jooq.DSLContext;

/**
 * The hub rows one unit of work (a pulled page, a webhook's changes, an event's records) reads
 * and writes for one integration and entity type (internal). They are read for all the unit's
 * records at once: the integration's mappings of the remote ids in one query, then the hub
 * records those, the natural keys and the stamped local ids name, locked, each with its mapping,
 * in a second. While the records are merged the rows live here, so a record the unit names twice
 * sees its own earlier change; {@link #flush} then writes each row's last state once, as JDBC
 * batches, in the unit's transaction (which also advances the cursor and completes the job, so a
 * crash anywhere before the commit leaves nothing of the unit behind).
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
     * Reads what is not known yet of the given keys: the mappings of the remote ids, then the hub
     * records (locked) of their local ids, of {@code localIds} and of the natural keys, with their
     * mappings. Two queries at most, none when every key is known.
     */
    void load(DSLContext tx, TenantId t, Collection<String> remoteIds, Collection<String> naturalKeys,
              Collection<String> localIds) {
        List<String> remotes = remoteIds.stream().filter(id -> !knownRemote.contains(id)).distinct().toList();
        Set<String> locals = new TreeSet<>();
        for (String id : localIds) {
            if (!knownLocal.contains(id)) {
                locals.add(id);
            }
        }
        List<String> keys = naturalKeys.stream().filter(k -> !knownNatural.contains(k)).distinct().toList();
        if (!remotes.isEmpty()) {
            for (SyncMappingRecord m : SyncStore.mappingsByRemote(tx, t, integration, type, remotes)) {
                if (!knownLocal.contains(m.getLocalId())) {
                    locals.add(m.getLocalId()); // the mapping comes back with its record, below
                }
            }
        }
        List<String> loaded = new ArrayList<>();
        for (SyncStore.Held h : SyncStore.lockRecords(tx, t, integration, type, locals, keys)) {
            SyncRecordRecord r = h.record();
            if (rows.containsKey(r.getLocalId())) {
                continue; // what the unit holds is newer than the table
            }
            rows.put(r.getLocalId(), new Row(r.getLocalId(), r.getNaturalKey(), SyncStore.hub(r), true));
            knownLocal.add(r.getLocalId());
            if (r.getNaturalKey() != null && knownNatural.add(r.getNaturalKey())) {
                natural.put(r.getNaturalKey(), r.getLocalId());
            }
            if (h.mapping() != null && !byLocal.containsKey(r.getLocalId())) {
                Link l = Link.of(h.mapping());
                byLocal.put(l.localId, l);
                if (!knownRemote.contains(l.remoteId)) {
                    byRemote.put(l.remoteId, l);
                }
                loaded.add(l.remoteId);
            }
        }
        knownRemote.addAll(loaded);
        knownRemote.addAll(remotes);
        knownLocal.addAll(locals);
        knownNatural.addAll(keys);
    }

    /** The mapping of a remote id ({@link #load}ed before), or null. */
    Link linkByRemote(String remoteId) {
        requireKnown(knownRemote, remoteId, "remote id");
        return byRemote.get(remoteId);
    }

    /** The mapping of a local id ({@link #load}ed before), or null. */
    Link linkByLocal(String localId) {
        requireKnown(knownLocal, localId, "local id");
        return byLocal.get(localId);
    }

    /** The local id of a natural key ({@link #load}ed before), or null. */
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
