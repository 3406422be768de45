package org.cityos.core.webhook;

import java.util.Map;

/** Case-insensitive header lookup over whatever map the host's HTTP layer gives. */
final class Headers {
    private Headers() {
    }

    static String get(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        String v = headers.get(name);
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    static String require(Map<String, String> headers, String name) {
        String v = get(headers, name);
        if (v == null || v.isBlank()) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.MISSING_HEADER,
                    "header " + name + " is missing");
        }
        return v.trim();
    }

    static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    static long seconds(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_HEADER,
                    name + " " + org.cityos.core.Values.quote(value) + " is not a Unix timestamp");
        }
    }

    static void fresh(long timestamp, java.time.Clock clock, java.time.Duration tolerance) {
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > tolerance.toSeconds()) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.STALE_TIMESTAMP,
                    "timestamp " + timestamp + " is more than " + tolerance.toSeconds() + " s from now (" + now + ")");
        }
    }
}
