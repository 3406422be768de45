package org.cityos.billing;

import org.cityos.core.CityOsException;

/**
 * The host's id of one of the tenant's customers (billing keeps no customer master data of its
 * own): 1..200 characters, no control characters.
 */
public record CustomerId(String value) {
    public CustomerId {
        if (value == null || value.isBlank() || value.length() > 200
                || value.chars().anyMatch(Character::isISOControl)) {
            throw CityOsException.invalid("customer id", value, "must be 1..200 printable characters");
        }
    }

    public static CustomerId of(String value) {
        return new CustomerId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
