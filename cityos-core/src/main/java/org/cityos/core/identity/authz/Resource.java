package org.cityos.core.identity.authz;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.cityos.core.CityOsException;
import org.cityos.core.TenantId;

/**
 * What an action is on: a resource kind ({@code order}), its id, the tenant that owns it, and the
 * attributes policies read ({@code vendor}, {@code owner}, {@code store}, {@code status}...).
 * The tenant is also attribute {@value #TENANT}. Attribute values are strings, numbers,
 * booleans or lists of them; ids are turned into their text form.
 */
public record Resource(String kind, String id, TenantId tenant, Map<String, Object> attributes) {
    /** The attribute that carries the owning tenant's id. */
    public static final String TENANT = "tenant";
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_.:-]{0,62}");

    public Resource {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw CityOsException.invalid("resource kind", kind, "must be a lower-case name");
        }
        if (id == null || id.isBlank()) {
            throw CityOsException.invalid("resource id", id, "must not be blank");
        }
        Objects.requireNonNull(tenant, "tenant");
        Map<String, Object> copy = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "attribute name"), plain(v)));
        }
        copy.put(TENANT, tenant.toString());
        attributes = java.util.Collections.unmodifiableMap(copy);
    }

    /** A resource with only its tenant as attribute. */
    public static Resource of(String kind, Object id, TenantId tenant) {
        return new Resource(kind, String.valueOf(id), tenant, Map.of());
    }

    /** This resource with attribute {@code name} set to {@code value}. */
    public Resource with(String name, Object value) {
        Map<String, Object> next = new LinkedHashMap<>(attributes);
        next.put(name, value);
        return new Resource(kind, id, tenant, next);
    }

    /** An attribute's value, or null. */
    public Object attribute(String name) {
        return attributes.get(name);
    }

    private static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(Resource::plain).toList();
        }
        return v.toString();
    }
}
