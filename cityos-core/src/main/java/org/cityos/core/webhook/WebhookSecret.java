package org.cityos.core.webhook;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.cityos.core.CityOsException;

/**
 * A Standard Webhooks signing secret: {@code whsec_} followed by the base64 of 24 to 64 random
 * bytes. Its {@link #toString()} never shows the key.
 */
public final class WebhookSecret {
    private static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /** A fresh secret of 32 random bytes. */
    public static WebhookSecret generate() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return new WebhookSecret(k);
    }

    /** Parses {@code whsec_<base64>}; {@code invalid_argument} (without echoing the secret) otherwise. */
    public static WebhookSecret parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw CityOsException.invalid("webhook secret", "(hidden)", "must start with whsec_");
        }
        byte[] k;
        try {
            k = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw CityOsException.invalid("webhook secret", "(hidden)", "is not whsec_ followed by base64");
        }
        if (k.length < 24 || k.length > 64) {
            throw CityOsException.invalid("webhook secret", "(hidden)", "must hold 24 to 64 bytes, has " + k.length);
        }
        return new WebhookSecret(k);
    }

    /** The {@code whsec_...} form, to store or to show the receiver once. */
    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSecret s && MessageDigest.isEqual(s.key, key);
    }

    @Override
    public int hashCode() {
        return key.length;
    }

    @Override
    public String toString() {
        return "WebhookSecret[whsec_***]";
    }
}
