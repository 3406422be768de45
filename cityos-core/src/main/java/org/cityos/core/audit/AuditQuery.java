package org.cityos.core.audit;

import java.time.Instant;
import java.util.Optional;

import org.cityos.core.CityOsException;

/**
 * A filter over the audit log: by entity, by actor, by time range (from inclusive, to exclusive),
 * newest first, at most {@code limit} rows.
 */
public record AuditQuery(Optional<String> entityType, Optional<String> entityId, Optional<String> actor,
                         Optional<Instant> from, Optional<Instant> to, int limit) {
    public AuditQuery {
        entityType = entityType == null ? Optional.empty() : entityType;
        entityId = entityId == null ? Optional.empty() : entityId;
        actor = actor == null ? Optional.empty() : actor;
        from = from == null ? Optional.empty() : from;
        to = to == null ? Optional.empty() : to;
        if (limit < 1 || limit > 1000) {
            throw CityOsException.invalid("limit", limit, "must be between 1 and 1000");
        }
    }

    /** Everything, newest first, up to 100 rows. */
    public static AuditQuery all() {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 100);
    }

    public AuditQuery entity(String type, String id) {
        return new AuditQuery(Optional.of(type), Optional.ofNullable(id), actor, from, to, limit);
    }

    public AuditQuery actor(String who) {
        return new AuditQuery(entityType, entityId, Optional.of(who), from, to, limit);
    }

    public AuditQuery between(Instant fromInclusive, Instant toExclusive) {
        return new AuditQuery(entityType, entityId, actor, Optional.of(fromInclusive), Optional.of(toExclusive), limit);
    }

    public AuditQuery limit(int n) {
        return new AuditQuery(entityType, entityId, actor, from, to, n);
    }
}
