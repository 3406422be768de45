package org.cityos.core.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * Verifies GitHub-style {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>} with
 * the webhook secret, in constant time. The scheme has no timestamp: dedupe by the sender's
 * delivery id ({@code X-GitHub-Delivery}) to refuse replays.
 */
public final class GitHubSignatures {
    public static final String HEADER = "X-Hub-Signature-256";
    public static final String DELIVERY = "X-GitHub-Delivery";
    public static final String EVENT = "X-GitHub-Event";

    private GitHubSignatures() {
    }

    /** The header value for {@code body} (for tests and fakes). */
    public static String header(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(Headers.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    /** Verifies the signature header; raises {@link WebhookVerificationException} when missing, malformed or wrong. */
    public static void verify(Map<String, String> headers, byte[] body, String secret) {
        String h = Headers.require(headers, HEADER);
        if (!h.startsWith("sha256=")) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_HEADER,
                    HEADER + " must start with sha256=");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(h.substring("sha256=".length()));
        } catch (IllegalArgumentException e) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_HEADER,
                    HEADER + " is not hex");
        }
        byte[] expected = Headers.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.SIGNATURE_MISMATCH,
                    "the signature does not match the body");
        }
    }
}
