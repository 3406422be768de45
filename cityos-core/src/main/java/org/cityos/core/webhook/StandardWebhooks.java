package org.cityos.core.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.cityos.core.CityOsException;
import org.cityos.core.Values;

/**
 * Signs and verifies webhooks by the Standard Webhooks scheme: headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature}, a space-separated list
 * of {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, one per active secret (so a secret
 * can be rotated). The raw body bytes are signed; comparisons are constant-time; timestamps
 * must be within the tolerance (default 5 minutes) of the injected clock; an accepted id is
 * refused if it comes again while the {@link ReplayGuard} remembers it.
 */
public final class StandardWebhooks {
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    /** The tolerance the specification recommends. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration tolerance;
    private final ReplayGuard replays;

    private StandardWebhooks(Clock clock, Duration tolerance, ReplayGuard replays) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.replays = Objects.requireNonNull(replays, "replay guard");
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw CityOsException.invalid("webhook tolerance", tolerance, "must be positive");
        }
    }

    /** Signing and verifying on {@code clock} with the default tolerance and an in-memory replay guard. */
    public static StandardWebhooks create(Clock clock) {
        return new StandardWebhooks(clock, DEFAULT_TOLERANCE, ReplayGuard.inMemory(100_000));
    }

    /** The same with another tolerance. */
    public StandardWebhooks withTolerance(Duration t) {
        return new StandardWebhooks(clock, t, replays);
    }

    /** The same with another replay guard ({@link ReplayGuard#none()} when the caller dedupes). */
    public StandardWebhooks withReplayGuard(ReplayGuard guard) {
        return new StandardWebhooks(clock, tolerance, guard);
    }

    /** The {@code v1,<base64>} signature of {@code body} for {@code id} at {@code timestamp} (Unix seconds). */
    public static String signature(WebhookSecret secret, String id, long timestamp, byte[] body) {
        byte[] mac = Headers.hmacSha256(secret.key(), (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        return "v1," + Base64.getEncoder().encodeToString(mac);
    }

    /** The three headers of a message {@code id} sent now, signed with every secret given (rotation). */
    public Map<String, String> sign(String id, byte[] body, List<WebhookSecret> secrets) {
        if (id == null || id.isBlank() || id.contains(".")) {
            throw CityOsException.invalid("webhook id", id, "must be non-blank without '.'");
        }
        if (secrets == null || secrets.isEmpty()) {
            throw CityOsException.invalid("webhook secrets", secrets, "must hold at least one secret");
        }
        long ts = clock.instant().getEpochSecond();
        StringBuilder sig = new StringBuilder();
        for (WebhookSecret s : secrets) {
            if (sig.length() > 0) {
                sig.append(' ');
            }
            sig.append(signature(s, id, ts, body));
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put(ID, id);
        h.put(TIMESTAMP, Long.toString(ts));
        h.put(SIGNATURE, sig.toString());
        return h;
    }

    /**
     * Verifies a received webhook against any of {@code secrets}; returns its id and timestamp, or
     * raises {@link WebhookVerificationException} with the reason (missing or malformed header,
     * stale timestamp, no matching signature, replayed id).
     */
    public Verified verify(Map<String, String> headers, byte[] body, List<WebhookSecret> secrets) {
        String id = Headers.require(headers, ID);
        String tsText = Headers.require(headers, TIMESTAMP);
        String sigs = Headers.require(headers, SIGNATURE);
        long ts = Headers.seconds(TIMESTAMP, tsText);
        Headers.fresh(ts, clock, tolerance);
        boolean any = false;
        boolean match = false;
        for (String entry : sigs.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma <= 0) {
                continue;
            }
            if (!entry.substring(0, comma).equals("v1")) {
                continue; // other schemes (v1a asymmetric) are not ours to check
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            any = true;
            for (WebhookSecret s : secrets) {
                byte[] expected = Headers.hmacSha256(s.key(),
                        (id + "." + ts + ".").getBytes(StandardCharsets.UTF_8), body);
                // no early exit on a match: the time taken does not tell which secret matched
                match |= MessageDigest.isEqual(expected, given);
            }
        }
        if (!any) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.MALFORMED_HEADER,
                    "webhook-signature holds no v1 signature");
        }
        if (!match) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.SIGNATURE_MISMATCH,
                    "no signature matches webhook " + Values.quote(id));
        }
        Instant timestamp = Instant.ofEpochSecond(ts);
        if (!replays.firstSeen(id, timestamp.plus(tolerance).plusSeconds(1), clock.instant())) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.REPLAYED,
                    "webhook " + Values.quote(id) + " was received before");
        }
        return new Verified(id, timestamp);
    }

    /** A verified webhook's id and timestamp. */
    public record Verified(String id, Instant timestamp) {
    }
}
