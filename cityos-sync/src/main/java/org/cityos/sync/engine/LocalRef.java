package org.cityos.sync.engine;

import java.util.Objects;

/** A record of the library's own data that an event touched: its entity type and local id. */
public record LocalRef(String entityType, String localId) {
    public LocalRef {
        Objects.requireNonNull(entityType, "entity type");
        Objects.requireNonNull(localId, "local id");
    }
}
