package org.cityos.core.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Verifies Stripe's {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}
 * (several {@code v1} entries during a secret roll) with the endpoint's signing secret, within
 * a tolerance (default 5 minutes) of the injected clock; comparisons are constant-time.
 */
public final class StripeSignatures {
    public static final String HEADER = "Stripe-Signature";
    private final Clock clock;
    private final Duration tolerance;

    public StripeSignatures(Clock clock, Duration tolerance) {
        this.clock = clock;
        this.tolerance = tolerance;
    }

    /** With the default 5-minute tolerance. */
    public static StripeSignatures create(Clock clock) {
        return new StripeSignatures(clock, Duration.ofMinutes(5));
    }

    /** The header value Stripe would send for {@code body} at {@code timestamp} (for tests and fakes). */
    public static String header(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac(secret, timestamp, body));
    }

    private static byte[] mac(String secret, long timestamp, byte[] body) {
        return Headers.hmacSha256(secret.getBytes(StandardCharsets.UTF_8),
                (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
    }

    /** Verifies the headers of a Stripe webhook; returns its timestamp or raises {@link WebhookVerificationException}. */
    public Instant verify(Map<String, String> headers, byte[] body, String secret) {
        String header = Headers.require(headers, HEADER);
        Long t = null;
        java.util.List<byte[]> v1 = new java.util.ArrayList<>();
        for (String item : header.split(",")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String k = item.substring(0, eq).trim();
            String v = item.substring(eq + 1).trim();
            if (k.equals("t")) {
                t = Headers.seconds("Stripe-Signature t", v);
            } else if (k.equals("v1")) {
                try {
                    v1.add(HexFormat.of().parseHex(v));
                } catch (IllegalArgumentException e) {
                    // not hex: cannot match, skip it
                }
            }
        }
        if (t == null || v1.isEmpty()) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_HEADER,
                    "Stripe-Signature needs t= and at least one v1=");
        }
        Headers.fresh(t, clock, tolerance);
        byte[] expected = mac(secret, t, body);
        boolean match = false;
        for (byte[] given : v1) {
            match |= MessageDigest.isEqual(expected, given);
        }
        if (!match) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.SIGNATURE_MISMATCH,
                    "no v1 signature matches the body");
        }
        return Instant.ofEpochSecond(t);
    }
}
