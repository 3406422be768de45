package org.cityos.marketplace.internal;

import org.cityos.core.CityOsException;

/** Validation of the host's string ids and keys (internal); failures name the field and the value. */
public final class Text {
    private Text() {
    }

    /** A host id: 1-200 characters, not blank, no control characters. */
    public static String id(String field, String value) {
        return check(field, value, 200);
    }

    /** A key such as a category: 1-100 characters, not blank, no control characters. */
    public static String key(String field, String value) {
        return check(field, value, 100);
    }

    private static String check(String field, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw CityOsException.invalid(field, value, "must be 1-" + max + " characters, not blank, no control characters");
        }
        return value;
    }
}
