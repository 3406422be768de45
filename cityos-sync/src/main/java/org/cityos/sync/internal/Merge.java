package org.cityos.sync.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.cityos.sync.engine.ConflictPolicy;

/**
 * The merge of one side's record into the hub (internal, pure): field by field, under the entity
 * type's conflict policy. A field's meta says who set it, when (the side's update time) and at
 * which hub version; a side's change to a field counts as concurrent when the side had not yet
 * received the hub version that set the field's current value ({@code sourceSyncedVersion}).
 *
 * <ul>
 *   <li>An owned field takes the owner's value always; another side's value only while the owner
 *       has not given one. A refused value is a conflict ({@code owner}) and the source needs a
 *       correction (the hub value written back).</li>
 *   <li>Other fields take the source's value unless the change is concurrent with another side's;
 *       then the later update time wins (a tie keeps the hub value) and a conflict
 *       ({@code last_writer_wins}) is recorded either way.</li>
 * </ul>
 */
public final class Merge {
    private Merge() {
    }

    /** Who set a field, when, at which hub version. */
    public record FieldMeta(Instant at, String by, long version) {
    }

    /** The hub state of one record. */
    public record Hub(Map<String, Object> fields, Map<String, FieldMeta> meta, long version, boolean deleted) {
        public static Hub empty() {
            return new Hub(Map.of(), Map.of(), 0, false);
        }
    }

    /** One decided conflict. */
    public record Note(String field, String rule, Object kept, String keptFrom, Object rejected, String rejectedFrom) {
    }

    /** The merged hub, whether it changed, the conflicts, and whether the source must be corrected. */
    public record Result(Hub hub, boolean changed, List<Note> conflicts, boolean correction) {
    }

    /**
     * Merges {@code incoming} (the source's canonical fields, updated at {@code at}) into
     * {@code current}. {@code nameOf} turns an integration id (a meta's {@code by}) into its name.
     */
    public static Result apply(Hub current, Map<String, Object> incoming, Instant at, String sourceId,
                               String sourceName, long sourceSyncedVersion, ConflictPolicy policy,
                               Function<String, String> nameOf) {
        Map<String, Object> fields = new LinkedHashMap<>(current.fields());
        Map<String, FieldMeta> meta = new LinkedHashMap<>(current.meta());
        long version = current.version() + 1;
        boolean changed = current.deleted();
        boolean correction = false;
        List<Note> notes = new ArrayList<>();
        for (Map.Entry<String, Object> e : incoming.entrySet()) {
            String f = e.getKey();
            Object value = e.getValue();
            Object cur = fields.get(f);
            FieldMeta m = meta.get(f);
            if (Objects.equals(value, cur) && (m != null || value == null)) {
                continue;
            }
            boolean accept;
            Optional<String> owner = policy.ownerOf(f);
            if (owner.isPresent()) {
                String setBy = m == null ? null : nameOf.apply(m.by());
                accept = owner.get().equals(sourceName) || m == null || !owner.get().equals(setBy);
                if (!accept) {
                    notes.add(new Note(f, "owner", cur, setBy, value, sourceName));
                    correction = true;
                }
            } else if (m == null || m.by().equals(sourceId) || sourceSyncedVersion >= m.version()) {
                accept = true;
            } else {
                String setBy = nameOf.apply(m.by());
                accept = at.isAfter(m.at());
                if (accept) {
                    notes.add(new Note(f, "last_writer_wins", value, sourceName, cur, setBy));
                } else {
                    notes.add(new Note(f, "last_writer_wins", cur, setBy, value, sourceName));
                    correction = true;
                }
            }
            if (accept) {
                fields.put(f, value);
                meta.put(f, new FieldMeta(at, sourceId, version));
                changed = true;
            }
        }
        if (!changed) {
            return new Result(current, false, notes, correction);
        }
        return new Result(new Hub(Collections.unmodifiableMap(fields), Collections.unmodifiableMap(meta), version,
                false), true, notes, correction);
    }
}
