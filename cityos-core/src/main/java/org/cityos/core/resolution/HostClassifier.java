package org.cityos.core.resolution;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.cityos.core.tenancy.Domains;

/**
 * Sorts a normalised host ({@link Domains#normaliseHost}) into what it can say about a tenant:
 * nothing (an IP literal, or the platform's own apex and {@code www}), a tenant handle (one label
 * under a base domain), a host under a base domain that no tenant can have, or a candidate custom
 * domain. Pure: no lookups.
 */
final class HostClassifier {

    /** What a host is. */
    sealed interface Kind permits IpLiteral, Platform, Subdomain, Nested, Custom {
        String host();
    }

    /** An IPv4 or bracketed IPv6 literal: it names no tenant. */
    record IpLiteral(String host) implements Kind {
    }

    /** The apex of a base domain, or a platform subdomain of it such as {@code www}. */
    record Platform(String host, String base) implements Kind {
        boolean apex() {
            return host.equals(base);
        }
    }

    /** {@code <handle>.<base>}: the subdomain strategy's signal. */
    record Subdomain(String host, String handle, String base) implements Kind {
    }

    /** More than one label under a base domain: not a tenant's subdomain. */
    record Nested(String host, String base) implements Kind {
    }

    /** Any other host: perhaps a store's or portal's custom domain. */
    record Custom(String host) implements Kind {
    }

    private final List<String> bases;
    private final Set<String> platformLabels;

    HostClassifier(Set<String> baseDomains, Set<String> platformLabels) {
        // the most specific base first, so sa.cityos.example wins over cityos.example
        this.bases = baseDomains.stream().sorted(Comparator.comparingInt(String::length).reversed()
                .thenComparing(Comparator.naturalOrder())).toList();
        this.platformLabels = Set.copyOf(platformLabels);
    }

    Kind classify(String host) {
        if (Domains.isIpLiteral(host)) {
            return new IpLiteral(host);
        }
        for (String base : bases) {
            if (host.equals(base)) {
                return new Platform(host, base);
            }
            if (host.endsWith("." + base)) {
                String prefix = host.substring(0, host.length() - base.length() - 1);
                if (prefix.contains(".")) {
                    return new Nested(host, base);
                }
                return platformLabels.contains(prefix) ? new Platform(host, base) : new Subdomain(host, prefix, base);
            }
        }
        return new Custom(host);
    }

    /** Why {@code raw}, which {@link Domains#normaliseHost} refused, is not a host name, for the error message. */
    static String whyMalformed(String raw) {
        String h = raw.strip();
        if (h.isEmpty()) {
            return "is empty";
        }
        if (h.contains("*")) {
            return "is a wildcard, not a host name";
        }
        if (h.length() > 253) {
            return "is longer than 253 characters";
        }
        String name = h.startsWith("[") ? h : h.replaceFirst(":\\d{1,5}$", "").replaceFirst("\\.$", "");
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty()) {
                return "has an empty label";
            }
            if (label.length() > 63) {
                return "has a label longer than 63 characters";
            }
        }
        return "is not a valid host name (letters, digits and inner hyphens in labels of 1-63, an optional port)";
    }
}
