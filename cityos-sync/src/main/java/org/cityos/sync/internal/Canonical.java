package org.cityos.sync.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cityos.core.CityOsException;
import org.cityos.core.Json;

/**
 * The canonical form of synced field values (internal): JSON-compatible values where every
 * integral number is a {@code Long}, every other number a {@code BigDecimal} without trailing
 * zeros, maps keep null values and lists keep order; and the SHA-256 of a field map's JSON with
 * sorted keys, which is what echo detection compares.
 */
public final class Canonical {
    private static final ObjectMapper READER = Json.MAPPER.copy()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private Canonical() {
    }

    /** The canonical copy of a field map (unmodifiable, nulls kept). */
    public static Map<String, Object> fields(Map<String, ?> in) {
        if (in == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : in.entrySet()) {
            if (e.getKey() == null) {
                throw CityOsException.invalid("field name", null, "must not be null");
            }
            out.put(e.getKey(), value(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The canonical form of one value; {@code invalid_argument} for a value JSON cannot hold. */
    public static Object value(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : new BigDecimal(b);
        }
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
            d = d.stripTrailingZeros();
            if (d.scale() <= 0 && d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                    && d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
                return d.longValueExact();
            }
            return d;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), value(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(value(o));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }
        if (v instanceof java.time.temporal.TemporalAccessor || v instanceof java.util.UUID) {
            return v.toString();
        }
        throw CityOsException.invalid("field value", v.getClass().getSimpleName(), "is not a JSON value");
    }

    /** The fields restricted to {@code names}, absent ones as null, in sorted order. */
    public static Map<String, Object> project(Map<String, Object> fields, Set<String> names) {
        Map<String, Object> out = new TreeMap<>();
        for (String n : names) {
            out.put(n, fields.get(n));
        }
        return Collections.unmodifiableMap(out);
    }

    /** JSON text of canonical values (sorted map keys). */
    public static String json(Object value) {
        return Json.write(value);
    }

    /** Reads a JSON object written by {@link #json}. */
    public static Map<String, Object> parseObject(String json) {
        try {
            return fields(READER.readValue(json, MAP));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored sync fields are not a JSON object", e);
        }
    }

    /** Hex SHA-256 of the canonical JSON of {@code fields} (keys sorted at every level). */
    public static String hash(Map<String, Object> fields) {
        Map<String, Object> sorted = new TreeMap<>(fields);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(json(sorted).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A key no longer than {@code max}: itself, or a prefix with the SHA-256 of the whole. */
    public static String key(String prefix, String rest, int max) {
        String k = prefix + rest;
        if (k.length() <= max) {
            return k;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(k.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
