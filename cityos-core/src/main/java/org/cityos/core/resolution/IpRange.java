package org.cityos.core.resolution;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR form ({@code 10.0.0.0/8}, {@code fd00::/8}); a single
 * address is a full-length range. Text is parsed as a literal only, never resolved through DNS.
 * IPv4-mapped IPv6 addresses ({@code ::ffff:10.0.0.1}) count as their IPv4 address.
 */
final class IpRange {
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private IpRange(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** Parses {@code address} or {@code address/prefix}; {@code IllegalArgumentException} saying why otherwise. */
    static IpRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        String t = text.strip();
        int slash = t.indexOf('/');
        String addressPart = slash < 0 ? t : t.substring(0, slash);
        boolean v6Text = addressPart.contains(":");
        byte[] address = address(addressPart).orElseThrow(() ->
                new IllegalArgumentException("is not an IP address or CIDR range (host names are not resolved)"));
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("has a prefix length that is not a number");
            }
            prefix = Integer.parseInt(p);
            if (v6Text && address.length == 4) {
                // an IPv4-mapped range written in IPv6 form: its prefix counts the 96 mapping bits
                prefix -= 96;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("has a prefix length outside 0-" + (v6Text ? 128 : 32));
            }
        }
        return new IpRange(mask(address, prefix), prefix, t);
    }

    /**
     * The bytes of an IP literal: dotted-quad IPv4 (no leading zeros), or IPv6 with or without
     * brackets and with any zone id dropped. Empty for anything else, host names included.
     */
    static Optional<byte[]> address(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        int zone = t.indexOf('%');
        if (zone >= 0) {
            t = t.substring(0, zone);
        }
        if (IPV4.matcher(t).matches()) {
            byte[] b = new byte[4];
            String[] parts = t.split("\\.");
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return Optional.empty();
                }
                b[i] = (byte) v;
            }
            return Optional.of(b);
        }
        if (!IPV6.matcher(t).matches()) {
            return Optional.empty();
        }
        try {
            // a literal containing ':' is parsed, never looked up
            return Optional.of(InetAddress.getByName(t).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code address} (bytes from {@link #address}) lies in this range. */
    boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefix), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xFF << (8 - keep));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
