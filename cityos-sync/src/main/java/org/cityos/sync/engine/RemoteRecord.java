package org.cityos.sync.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.sync.internal.Canonical;

/**
 * One record as a side holds it, in canonical fields: its id there, the local id it carries if
 * the sync stamped one on it ({@code externalId}), when the side last changed it, and the
 * values. Numbers are normalised (integral ones to {@code Long}); money is in minor units.
 */
public record RemoteRecord(String remoteId, Optional<String> externalId, Optional<Instant> updatedAt,
                           Map<String, Object> fields) {
    public RemoteRecord {
        if (remoteId == null || remoteId.isBlank() || remoteId.length() > 200) {
            throw CityOsException.invalid("remote id", remoteId, "must be 1-200 characters");
        }
        externalId = externalId == null ? Optional.empty() : externalId.filter(s -> !s.isBlank());
        updatedAt = updatedAt == null ? Optional.empty() : updatedAt;
        fields = Canonical.fields(fields);
    }

    public static RemoteRecord of(String remoteId, Instant updatedAt, Map<String, ?> fields) {
        return new RemoteRecord(remoteId, Optional.empty(), Optional.ofNullable(updatedAt), Canonical.fields(fields));
    }

    /** The same record carrying the local id the sync stamped on it. */
    public RemoteRecord withExternalId(String localId) {
        return new RemoteRecord(remoteId, Optional.ofNullable(localId), updatedAt, fields);
    }
}
