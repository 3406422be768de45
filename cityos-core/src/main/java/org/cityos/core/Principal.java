package org.cityos.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is acting: a user (from a JWT), an API key, or the system itself (jobs, migrations).
 * Its {@link #actor()} is what the audit log records; the rest is what authorization reads:
 * roles (a Keycloak realm's roles), per-client roles, granted scopes, and the tenants, stores and
 * vendors the principal is a member of.
 *
 * @param kind        user, API key or system
 * @param subject     the stable id (a token's {@code sub}, an API key's id, a job's name)
 * @param roles       roles (for a Keycloak token, {@code realm_access.roles})
 * @param email       the e-mail address, when the token carries one
 * @param clientRoles roles per client ({@code resource_access.<client>.roles})
 * @param scopes      granted scopes (a token's {@code scope}; an API key's {@code order:read} and the like)
 * @param tenants     the tenants the principal belongs to
 * @param stores      the stores the principal belongs to
 * @param vendors     the vendors the principal belongs to, as the identity provider names them
 */
public record Principal(Kind kind, String subject, Set<String> roles, Optional<String> email,
                        Map<String, Set<String>> clientRoles, Set<String> scopes, Set<TenantId> tenants,
                        Set<StoreId> stores, Set<String> vendors) {
    /** The kinds of actor. */
    public enum Kind { USER, API_KEY, SYSTEM }

    public Principal {
        Objects.requireNonNull(kind, "kind");
        if (subject == null || subject.isBlank()) {
            throw CityOsException.invalid("principal subject", subject, "must not be blank");
        }
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        email = email == null ? Optional.empty() : email;
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        if (clientRoles != null) {
            clientRoles.forEach((client, r) -> copy.put(Objects.requireNonNull(client, "client"),
                    r == null ? Set.of() : Set.copyOf(r)));
        }
        clientRoles = Map.copyOf(copy);
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        tenants = tenants == null ? Set.of() : Set.copyOf(tenants);
        stores = stores == null ? Set.of() : Set.copyOf(stores);
        vendors = vendors == null ? Set.of() : Set.copyOf(vendors);
    }

    /** A principal with roles only (no e-mail, client roles, scopes or memberships). */
    public Principal(Kind kind, String subject, Set<String> roles) {
        this(kind, subject, roles, Optional.empty(), Map.of(), Set.of(), Set.of(), Set.of(), Set.of());
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

    /** This principal with its memberships replaced. */
    public Principal withMemberships(Set<TenantId> tenants, Set<StoreId> stores, Set<String> vendors) {
        return new Principal(kind, subject, roles, email, clientRoles, scopes, tenants, stores, vendors);
    }

    /** This principal with its scopes replaced. */
    public Principal withScopes(Set<String> scopes) {
        return new Principal(kind, subject, roles, email, clientRoles, scopes, tenants, stores, vendors);
    }

    /** The audit form, e.g. {@code user:alice} or {@code system:payouts}. */
    public String actor() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + Values.neutralise(subject);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Whether client {@code client} granted this principal {@code role}. */
    public boolean hasClientRole(String client, String role) {
        return clientRoles.getOrDefault(client, Set.of()).contains(role);
    }

    /** Whether the principal is a member of {@code tenant}. */
    public boolean memberOf(TenantId tenant) {
        return tenants.contains(tenant);
    }
}
