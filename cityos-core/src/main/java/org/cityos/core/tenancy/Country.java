package org.cityos.core.tenancy;

/** A country of the hierarchy, keyed by its ISO 3166-1 alpha-2 code. */
public record Country(String code, String name, Status status) {
}
