package org.cityos.core.resolution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What tenant resolution sees of an HTTP request, free of any web framework: the peer's IP
 * address, the {@code Host} header (or HTTP/2 {@code :authority}) and the other headers, whose
 * names are case-insensitive and which keep every value they were sent with.
 *
 * <pre>{@code
 * RequestView view = RequestView.builder()
 *         .remoteAddress(servletRequest.getRemoteAddr())
 *         .host(servletRequest.getHeader("Host"))
 *         .header("X-Api-Key", servletRequest.getHeader("X-Api-Key"))
 *         .build();
 * }</pre>
 *
 * @param remoteAddress the IP address of the peer that connected (a proxy, when there is one); may be null
 * @param host          the {@code Host} header as sent, port included; may be null
 * @param headers       header name to values; names compare without case
 */
public record RequestView(String remoteAddress, String host, Map<String, List<String>> headers) {
    public RequestView {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> add(copy, name, values));
        }
        copy.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(copy);
    }

    /** A view of the given headers (each name with its values); {@code headers} may be null. */
    public static RequestView of(String remoteAddress, String host, Map<String, ? extends Collection<String>> headers) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> add(copy, name, values));
        }
        return new RequestView(remoteAddress, host, copy);
    }

    /** A builder, for tests and hosts that copy headers one by one. */
    public static Builder builder() {
        return new Builder();
    }

    /** The first value of header {@code name}, if it was sent. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of header {@code name} in the order sent (empty when absent); comma-joined lists are not split. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    private static void add(Map<String, List<String>> into, String name, Collection<String> values) {
        Objects.requireNonNull(name, "header name");
        if (values == null) {
            return;
        }
        for (String v : values) {
            if (v != null) {
                into.computeIfAbsent(name, n -> new ArrayList<>()).add(v);
            }
        }
    }

    /** Builds a {@link RequestView}; null header values are skipped, as if not sent. */
    public static final class Builder {
        private String remoteAddress;
        private String host;
        private final TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        private Builder() {
        }

        /** The IP address of the connected peer. */
        public Builder remoteAddress(String ip) {
            this.remoteAddress = ip;
            return this;
        }

        /** The {@code Host} header. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Adds a value to header {@code name} (a repeated header keeps each value). */
        public Builder header(String name, String value) {
            add(headers, name, Collections.singletonList(value));
            return this;
        }

        /** The view of what was set. */
        public RequestView build() {
            return new RequestView(remoteAddress, host, headers);
        }
    }
}
