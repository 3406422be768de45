package org.cityos.core.tenancy;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.cityos.core.CityOsException;

/**
 * Host and domain normalisation: lower case, no trailing dot, no port, IDN labels to punycode,
 * each label checked (1-63 letters, digits, inner hyphens; no wildcards), at most 253
 * characters. IP literals are recognised so callers can refuse them explicitly.
 */
public final class Domains {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]*:[0-9a-f:.]*]");

    private Domains() {
    }

    /**
     * Normalises a configured domain (a store's or portal's custom domain); raises
     * {@code invalid_argument} naming the value when it is malformed, a wildcard, a single label or an IP.
     */
    public static String domain(String value) {
        Optional<String> n = normaliseHost(value);
        if (n.isEmpty()) {
            throw CityOsException.invalid("domain", value, "is not a valid domain name");
        }
        String d = n.get();
        if (isIpLiteral(d)) {
            throw CityOsException.invalid("domain", value, "is an IP address, not a domain name");
        }
        if (!d.contains(".")) {
            throw CityOsException.invalid("domain", value, "needs at least two labels");
        }
        return d;
    }

    /**
     * Normalises a request's host header value: strips the port and a trailing dot, lowers the
     * case, converts IDN to punycode, and checks each label. Empty when the value is malformed.
     * IPv6 literals in brackets (hex digits, colons and dots only) are returned as they are
     * (lower case) so callers can see them.
     */
    public static Optional<String> normaliseHost(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String h = value.strip();
        if (h.isEmpty() || h.length() > 300) {
            return Optional.empty();
        }
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            String rest = h.substring(end + 1);
            String literal = h.substring(0, end + 1).toLowerCase(Locale.ROOT);
            if (!rest.isEmpty() && !rest.matches(":\\d{1,5}") || !IPV6.matcher(literal).matches()) {
                return Optional.empty();
            }
            return Optional.of(literal);
        }
        int colon = h.lastIndexOf(':');
        if (colon >= 0) {
            String port = h.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || h.indexOf(':') != colon) {
                return Optional.empty();
            }
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty() || h.contains("..") || h.startsWith(".")) {
            return Optional.empty();
        }
        String ascii;
        try {
            ascii = IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (ascii.length() > 253) {
            return Optional.empty();
        }
        for (String label : ascii.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(ascii);
    }

    /** Whether a normalised host is an IPv4 or bracketed IPv6 literal. */
    public static boolean isIpLiteral(String host) {
        return host.startsWith("[") || IPV4.matcher(host).matches();
    }
}
