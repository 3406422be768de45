package org.cityos.core.event;

/** An event to publish: its type (e.g. {@code invoice.issued}), the aggregate it is about, and its payload. */
public record NewEvent(String type, String aggregateType, String aggregateId, Object payload) {
}
