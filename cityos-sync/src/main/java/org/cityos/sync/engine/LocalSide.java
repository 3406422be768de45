package org.cityos.sync.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cityos.core.TenantContext;
import org.cityos.core.event.Event;

/**
 * The library's own data as a side of the sync (tenants, stores, vendors, orders, payouts...),
 * reached through the public services: which outbox events announce changes to which records,
 * how to read a record, list them for a backfill, and write what other sides report (where the
 * services allow it). The engine presents it as the connector {@code cityos}; local ids are the
 * library's own ids. Reads and writes run in transactions of their own, so writes must be
 * idempotent (the services' writes used here are).
 */
public interface LocalSide {
    /** The entity types offered, with their canonical fields and capabilities. */
    List<EntitySpec> entities();

    /** The outbox event types that announce changes ({@code order.placed}, ...). */
    Set<String> eventTypes();

    /** The records an event touched. */
    List<LocalRef> changesOf(Event event);

    /** The record as it now is, empty if it does not exist. */
    Optional<RemoteRecord> read(TenantContext ctx, String entityType, String localId);

    /** All records of a type, a page at a time from {@code cursor}, for a backfill. */
    ChangePage list(TenantContext ctx, String entityType, Optional<String> cursor, int limit);

    /** Writes what the other sides hold into the library; returns the record as it now is. */
    Optional<RemoteRecord> write(TenantContext ctx, String entityType, String localId, Map<String, Object> fields);
}
