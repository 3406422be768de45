package org.cityos.core.tenancy;

/** A city or region within a country; tenants live in a scope. */
public record Scope(ScopeId id, String countryCode, String handle, String name, ScopeKind kind, Status status) {
}
