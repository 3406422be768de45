package org.cityos.sync.engine;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.cityos.core.CityOsException;

/**
 * How the sync decides between sides for one entity type. A field with an owner (an integration
 * name: the source of truth for it) takes only the owner's values once the owner has given one;
 * another side's change to it is recorded as a conflict and overwritten with the owner's value.
 * Fields without an owner go to the last writer by the sides' update times; a change made on two
 * sides since they last agreed is recorded as a conflict either way.
 */
public record ConflictPolicy(Optional<String> defaultOwner, Map<String, String> owners) {
    public ConflictPolicy {
        defaultOwner = defaultOwner == null ? Optional.empty() : defaultOwner;
        owners = owners == null ? Map.of() : Map.copyOf(new TreeMap<>(owners));
    }

    /** Every field to the last writer (the default). */
    public static ConflictPolicy lastWriterWins() {
        return new ConflictPolicy(Optional.empty(), Map.of());
    }

    /** Every field owned by the integration named {@code owner}, unless a field is given another. */
    public static ConflictPolicy sourceOfTruth(String owner) {
        return new ConflictPolicy(Optional.of(requireName(owner)), Map.of());
    }

    /** The same policy with {@code field} owned by the integration named {@code owner}. */
    public ConflictPolicy withOwner(String field, String owner) {
        Map<String, String> m = new TreeMap<>(owners);
        m.put(requireName(field), requireName(owner));
        return new ConflictPolicy(defaultOwner, m);
    }

    /** The owner of {@code field}, if any. */
    public Optional<String> ownerOf(String field) {
        return Optional.ofNullable(owners.get(field)).or(() -> defaultOwner);
    }

    private static String requireName(String s) {
        if (s == null || !s.matches("[a-z][a-z0-9_-]{0,62}")) {
            throw CityOsException.invalid("policy name", s, "must be lower case, at most 63 characters");
        }
        return s;
    }
}
