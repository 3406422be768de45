package org.cityos.sync.engine;

import java.util.Map;
import java.util.TreeMap;

/**
 * The secrets of one integration as the host's {@link CredentialsResolver} hands them over, by
 * name ({@code api_token}, {@code api_key}, {@code api_secret}, ...). Never printed: its
 * {@code toString} shows the names only.
 */
public final class Credentials {
    private final Map<String, String> values;

    private Credentials(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Credentials of(Map<String, String> values) {
        return new Credentials(values == null ? Map.of() : values);
    }

    public static Credentials none() {
        return new Credentials(Map.of());
    }

    /**
     * The named secret, or a {@link ConnectorException} of kind {@code UNAUTHORIZED} naming the
     * missing name (never a value).
     */
    public String require(String name) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            throw ConnectorException.unauthorized("credentials lack '" + name + "'", null);
        }
        return v;
    }

    public java.util.Optional<String> get(String name) {
        return java.util.Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty());
    }

    @Override
    public String toString() {
        return "Credentials" + new TreeMap<>(values).keySet();
    }
}
