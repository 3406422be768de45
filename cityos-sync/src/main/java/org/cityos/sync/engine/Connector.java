package org.cityos.sync.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The port every side of a sync implements, per entity type: list changes since a cursor (paged),
 * fetch one record, find the record the sync would create (by the local id it stamps, or a
 * natural key) so a create is never repeated, create or update, delete, and read webhooks. Calls
 * raise {@link ConnectorException} classified retryable or not. Records are canonical field maps
 * ({@link EntitySpec#fields()}): a read should give every field of the spec (absent as null).
 * Implementations are stateless and thread-safe; per-call state comes in {@link ConnectorCall}.
 */
public interface Connector {
    /** The connector's name, which integrations refer to ({@code medusa}). */
    String name();

    /** The entity types it serves, with their fields and capabilities. */
    List<EntitySpec> entities();

    /** Its default rate limit (an integration's {@code rate_limit_per_second} setting overrides it). */
    default RateLimit rateLimit() {
        return RateLimit.unlimited();
    }

    /**
     * Changes since {@code cursor} (none: from the beginning), at most about {@code limit}, in the
     * side's update order. A record the connector cannot read is a {@link Change#malformed} entry,
     * not an exception, so one bad record does not stop the sync.
     */
    ChangePage listChanges(ConnectorCall call, String entityType, Optional<String> cursor, int limit);

    /** The record as it now is; empty when it does not exist (any more). */
    Optional<RemoteRecord> fetch(ConnectorCall call, String entityType, String remoteId);

    /**
     * The record the sync would create for {@code localId} with {@code fields}, if it exists on the
     * side already (created by an earlier attempt whose mapping was never committed, or
     * independently with the same natural key): the lookup before a create.
     */
    Optional<RemoteRecord> findExisting(ConnectorCall call, String entityType, String localId,
                                        Map<String, Object> fields);

    /**
     * Creates ({@code remoteId} empty) or updates the record; returns it as the side now holds it,
     * or empty when the connector has nothing to write for it (e.g. an unpaid payout to an ERP).
     */
    Optional<RemoteRecord> upsert(ConnectorCall call, String entityType, Optional<String> remoteId, String localId,
                                  Map<String, Object> fields);

    /** Deletes the record; deleting one that is gone already succeeds. */
    void delete(ConnectorCall call, String entityType, String remoteId);

    /** The changes an inbound webhook from this side reports (after the intake verified it). */
    default List<WebhookChange> parseWebhook(ConnectorCall call, String eventType, byte[] body) {
        throw ConnectorException.unsupported(name() + " does not read webhooks");
    }
}
