package org.cityos.sync.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

import org.cityos.core.CityOsException;

/**
 * The SSRF guard of outbound webhooks (internal): an endpoint URL must be http(s) with a host,
 * and every address its host resolves to must be public, unless private networks or that host
 * are allowed. Checked when an endpoint is registered and again before each delivery.
 */
public final class UrlGuard {
    private final boolean allowPrivate;
    private final Set<String> allowedHosts;

    public UrlGuard(boolean allowPrivate, Set<String> allowedHosts) {
        this.allowPrivate = allowPrivate;
        this.allowedHosts = allowedHosts;
    }

    /** The parsed URI, or {@code invalid_argument} naming the URL and why it is refused. */
    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw CityOsException.invalid("endpoint url", url, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw CityOsException.invalid("endpoint url", url, "must be http or https");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw CityOsException.invalid("endpoint url", url, "has no host");
        }
        if (uri.getUserInfo() != null) {
            throw CityOsException.invalid("endpoint url", url, "must not carry credentials");
        }
        if (allowPrivate || allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw CityOsException.invalid("endpoint url", url, "has a host that does not resolve");
        }
        for (InetAddress a : addresses) {
            if (internal(a)) {
                throw CityOsException.invalid("endpoint url", url,
                        "resolves to a private or loopback address (" + a.getHostAddress() + ")");
            }
        }
        return uri;
    }

    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            return b0 == 0 // "this" network
                    || (b0 == 100 && b1 >= 64 && b1 <= 127) // carrier-grade NAT
                    || (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (b0 == 198 && (b1 == 18 || b1 == 19)) // benchmarking
                    || b0 >= 240; // reserved and broadcast
        }
        if (a instanceof Inet6Address) {
            int b0 = b[0] & 0xff;
            if ((b0 & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            // IPv4-mapped ::ffff:a.b.c.d
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return internal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
