package org.cityos.sync.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading remote JSON for the connectors (internal): typed getters that tell a missing value from
 * a malformed one ({@link Malformed}), time parsing, and money between major units (how the
 * sides send it) and minor units (how the library keeps it).
 */
public final class Nodes {
    private Nodes() {
    }

    /** A record a connector cannot read; the connector turns it into a {@code MALFORMED} change. */
    public static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Malformed(String message) {
            super(message);
        }
    }

    /** The text at {@code field}; null when absent or null; {@link Malformed} when not a scalar. */
    public static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new Malformed(field + " is not a scalar");
        }
        return v.asText();
    }

    /** The text at {@code field}, or {@link Malformed}. */
    public static String requireText(JsonNode n, String field) {
        String s = text(n, field);
        if (s == null || s.isBlank()) {
            throw new Malformed(field + " is missing");
        }
        return s;
    }

    public static Boolean bool(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new Malformed(field + " is not a boolean");
        }
        return v.booleanValue();
    }

    public static BigDecimal decimal(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new Malformed(field + " is not a number: " + SyncStore.cut(v.asText(), 40));
            }
        }
        throw new Malformed(field + " is not a number");
    }

    /** An ISO-8601 instant ({@code 2026-01-01T10:00:00.000Z} or with an offset), or {@link Malformed}. */
    public static Instant instant(JsonNode n, String field) {
        String s = requireText(n, field);
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                throw new Malformed(field + " is not a timestamp: " + SyncStore.cut(s, 40));
            }
        }
    }

    private static final DateTimeFormatter FRAPPE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS]");

    /** A Frappe timestamp ({@code 2026-01-01 10:00:00.123456}, in the site's zone). */
    public static Instant frappeTime(String s, ZoneId zone) {
        try {
            return LocalDateTime.parse(s, FRAPPE).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new Malformed("modified is not a Frappe timestamp: " + SyncStore.cut(s, 40));
        }
    }

    /** Major units (10.5) to minor units (1050) in {@code currency}; {@link Malformed} for a fraction of a minor unit. */
    public static Long minor(BigDecimal major, String currency) {
        if (major == null) {
            return null;
        }
        int digits = digits(currency);
        try {
            return major.movePointRight(digits).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            throw new Malformed("amount " + major + " is not a whole number of minor units of " + currency);
        }
    }

    /** Minor units to major units in {@code currency}. */
    public static BigDecimal major(Long minor, String currency) {
        return minor == null ? null : BigDecimal.valueOf(minor).movePointLeft(digits(currency));
    }

    private static int digits(String currency) {
        try {
            int d = Currency.getInstance(currency.toUpperCase(java.util.Locale.ROOT)).getDefaultFractionDigits();
            return d < 0 ? 0 : d;
        } catch (RuntimeException e) {
            throw new Malformed("unknown currency " + SyncStore.cut(String.valueOf(currency), 10));
        }
    }

    /** A compact excerpt of a JSON node for a failure record. */
    public static String excerpt(JsonNode n) {
        return n == null ? null : SyncStore.cut(n.toString(), 2000);
    }

    public static Optional<JsonNode> child(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? Optional.empty() : Optional.of(v);
    }
}
