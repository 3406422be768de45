package org.cityos.core;

import java.util.Objects;
import java.util.Set;

/**
 * Who is acting: a user (from a JWT), an API key, or the system itself (jobs, migrations).
 * Its {@link #actor()} is what the audit log records.
 */
public record Principal(Kind kind, String subject, Set<String> roles) {
    /** The kinds of actor. */
    public enum Kind { USER, API_KEY, SYSTEM }

    public Principal {
        Objects.requireNonNull(kind, "kind");
        if (subject == null || subject.isBlank()) {
            throw CityOsException.invalid("principal subject", subject, "must not be blank");
        }
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public static Principal user(String subject, String... roles) {
        return new Principal(Kind.USER, subject, Set.of(roles));
    }

    public static Principal apiKey(String keyId, String... roles) {
        return new Principal(Kind.API_KEY, keyId, Set.of(roles));
    }

    public static Principal system(String name) {
        return new Principal(Kind.SYSTEM, name, Set.of());
    }

    /** The audit form, e.g. {@code user:alice} or {@code system:payouts}. */
    public String actor() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + Values.neutralise(subject);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
