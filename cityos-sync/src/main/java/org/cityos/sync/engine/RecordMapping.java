package org.cityos.sync.engine;

import java.util.Optional;

/** Where a hub record lives on one integration: its remote id and the hub version that side holds. */
public record RecordMapping(String integration, String remoteId, long syncedVersion, boolean deleted,
                            Optional<java.time.Instant> remoteUpdatedAt) {
}
