package org.cityos.sync.engine;

import java.time.Duration;
import java.util.Optional;

/** How an integration takes part in the sync of an entity type: its role and, for sources, how often it is pulled. */
public record Binding(IntegrationId integration, String integrationName, String entityType, SyncRole role,
                      Optional<Duration> pullEvery) {
}
