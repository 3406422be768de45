package org.cityos.sync.engine;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.cityos.core.CityOsException;

/**
 * What a side offers for one entity type: the canonical fields it reads and writes, the field
 * that links records two sides created independently (a product's {@code handle}), and its
 * capabilities. Entity type and field names are lower case ({@code product}, {@code sales_channel}).
 */
public record EntitySpec(String type, Set<String> fields, Optional<String> naturalKey, Set<Capability> capabilities) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public EntitySpec {
        if (type == null || !NAME.matcher(type).matches()) {
            throw CityOsException.invalid("entity type", type, "must be lower case letters, digits and '_', at most 63");
        }
        if (fields == null || fields.isEmpty()) {
            throw CityOsException.invalid("fields of " + type, fields, "must not be empty");
        }
        for (String f : fields) {
            if (f == null || !NAME.matcher(f).matches()) {
                throw CityOsException.invalid("field of " + type, f, "must be lower case letters, digits and '_'");
            }
        }
        fields = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(fields));
        naturalKey = naturalKey == null ? Optional.empty() : naturalKey;
        if (naturalKey.isPresent() && !fields.contains(naturalKey.get())) {
            throw CityOsException.invalid("natural key of " + type, naturalKey.get(), "must be one of its fields");
        }
        capabilities = capabilities == null || capabilities.isEmpty() ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
    }

    /** A spec with these fields and capabilities and no natural key. */
    public static EntitySpec of(String type, Set<String> fields, Capability... capabilities) {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        caps.addAll(java.util.List.of(capabilities));
        return new EntitySpec(type, fields, Optional.empty(), caps);
    }

    /** The same spec with {@code field} as its natural key. */
    public EntitySpec withNaturalKey(String field) {
        return new EntitySpec(type, fields, Optional.of(field), capabilities);
    }

    public boolean can(Capability c) {
        return capabilities.contains(c);
    }
}
