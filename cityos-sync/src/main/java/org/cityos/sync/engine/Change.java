package org.cityos.sync.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * One change a side reports: a record as it now is ({@code UPSERT}), a deletion, only an id whose
 * current state the engine fetches ({@code FETCH}, e.g. a webhook that carries no record), or a
 * record the connector could not read ({@code MALFORMED}: recorded as a failure and skipped).
 */
public record Change(Kind kind, String remoteId, Optional<RemoteRecord> record, Optional<String> problem,
                     Optional<String> excerpt) {
    /** The kinds of change. */
    public enum Kind { UPSERT, DELETE, FETCH, MALFORMED }

    public Change {
        Objects.requireNonNull(kind, "kind");
        record = record == null ? Optional.empty() : record;
        problem = problem == null ? Optional.empty() : problem;
        excerpt = excerpt == null ? Optional.empty() : excerpt.map(e -> e.length() > 2000 ? e.substring(0, 2000) : e);
        if (kind == Kind.UPSERT && record.isEmpty()) {
            throw new IllegalArgumentException("an upsert change needs its record");
        }
        if (kind != Kind.MALFORMED && (remoteId == null || remoteId.isBlank())) {
            throw new IllegalArgumentException("a " + kind + " change needs a remote id");
        }
    }

    public static Change upsert(RemoteRecord r) {
        return new Change(Kind.UPSERT, r.remoteId(), Optional.of(r), Optional.empty(), Optional.empty());
    }

    public static Change deleted(String remoteId) {
        return new Change(Kind.DELETE, remoteId, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Change fetch(String remoteId) {
        return new Change(Kind.FETCH, remoteId, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A record that could not be read; {@code remoteId} may be null when even that is missing. */
    public static Change malformed(String remoteId, String problem, String excerpt) {
        return new Change(Kind.MALFORMED, remoteId, Optional.empty(), Optional.of(problem), Optional.ofNullable(excerpt));
    }
}
