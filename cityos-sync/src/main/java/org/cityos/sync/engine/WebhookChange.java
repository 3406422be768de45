package org.cityos.sync.engine;

import java.util.Objects;

/** A change an inbound webhook reports, with the entity type it is about. */
public record WebhookChange(String entityType, Change change) {
    public WebhookChange {
        Objects.requireNonNull(entityType, "entity type");
        Objects.requireNonNull(change, "change");
    }
}
