package org.cityos.billing.b2b.internal;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Values;

/** Input checks of the B2B values (internal); each failure names the field and the value. */
public final class Checks {
    private Checks() {
    }

    /** A non-negative amount of minor units; {@code invalid_amount} otherwise. */
    public static long amount(String field, long value) {
        if (value < 0) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, field + " " + Values.quote(value) + " is negative");
        }
        return value;
    }

    /** A quantity of at least 1; {@code invalid_amount} otherwise. */
    public static long quantity(String field, long value) {
        if (value < 1) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, field + " " + Values.quote(value)
                    + " must be at least 1");
        }
        return value;
    }

    /** Text of 1..max characters, not blank, no control characters; stripped. */
    public static String text(String field, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max
                || value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw CityOsException.invalid(field, value, "must be 1-" + max + " characters, not blank, no control characters");
        }
        return value.strip();
    }

    /** A host id (order, line, product): 1..200 characters, not blank, no control characters; kept as given. */
    public static String id(String field, String value) {
        if (value == null || value.isBlank() || value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
            throw CityOsException.invalid(field, value, "must be 1-200 characters, not blank, no control characters");
        }
        return value;
    }

    /** Adds two amounts; {@code invalid_amount} naming both when the sum overflows. */
    public static long add(String what, long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, what + " " + a + " + " + b + " overflows");
        }
    }

    /** Multiplies two amounts; {@code invalid_amount} naming both when the product overflows. */
    public static long multiply(String what, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, what + " " + a + " x " + b + " overflows");
        }
    }
}
