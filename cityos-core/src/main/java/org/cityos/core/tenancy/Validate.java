package org.cityos.core.tenancy;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.cityos.core.CityOsException;

/** Input validation shared by the tenancy services; each failure names the field and the value. */
public final class Validate {
    private static final Pattern HANDLE = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private Validate() {
    }

    /** A handle: 1-63 of lower-case letters, digits and inner hyphens. */
    public static String handle(String field, String value) {
        if (value == null || !HANDLE.matcher(value).matches()) {
            throw CityOsException.invalid(field, value,
                    "is not a valid handle (1-63 lower-case letters, digits and inner hyphens)");
        }
        return value;
    }

    public static String name(String field, String value) {
        if (value == null || value.isBlank() || value.length() > 200) {
            throw CityOsException.invalid(field, value, "must be 1-200 characters and not blank");
        }
        return value.strip();
    }

    /** An ISO 3166-1 alpha-2 country code, upper case. */
    public static String country(String value) {
        if (value == null || value.length() != 2 || !COUNTRIES.contains(value)) {
            throw CityOsException.invalid("country code", value, "is not an ISO 3166-1 alpha-2 code");
        }
        return value;
    }

    /** An ISO 4217 currency code, upper case. */
    public static String currency(String value) {
        if (value == null || value.length() != 3 || !value.equals(value.toUpperCase(Locale.ROOT))) {
            throw CityOsException.invalid("currency", value, "is not an ISO 4217 code");
        }
        try {
            Currency.getInstance(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw CityOsException.invalid("currency", value, "is not an ISO 4217 code");
        }
    }

    /** A BCP 47 language tag such as {@code ar-SA}. */
    public static String locale(String value) {
        if (value == null || value.isBlank()) {
            throw CityOsException.invalid("locale", value, "is not a BCP 47 language tag");
        }
        try {
            Locale l = new Locale.Builder().setLanguageTag(value).build();
            if (l.getLanguage().isEmpty()) {
                throw CityOsException.invalid("locale", value, "is not a BCP 47 language tag");
            }
            return l.toLanguageTag();
        } catch (java.util.IllformedLocaleException e) {
            throw CityOsException.invalid("locale", value, "is not a BCP 47 language tag");
        }
    }

    /** An IANA time zone id such as {@code Asia/Riyadh}. */
    public static String timeZone(String value) {
        try {
            if (value == null) {
                throw new DateTimeException("null");
            }
            return ZoneId.of(value).getId();
        } catch (DateTimeException e) {
            throw CityOsException.invalid("time zone", value, "is not an IANA time zone id");
        }
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw CityOsException.invalid(field, null, "is required");
        }
        return value;
    }
}
