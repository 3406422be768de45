package org.cityos.core.tenancy;

/** A business category (food, retail, ...) that tenants belong to. */
public record Category(CategoryId id, String handle, String name, Status status) {
}
