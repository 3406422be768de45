package org.cityos.core.identity.apikey;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.zip.CRC32;

import org.cityos.core.TenantId;

/**
 * The text of an API key: {@code cty_<live|test>_<public>_<secret><checksum>}, all lower-case
 * base32. The public part carries the tenant and key ids (so a key is found without knowing the
 * tenant first), the secret is 160 bits from {@link SecureRandom}, and the CRC-32 checksum over
 * everything before it lets a mistyped key be refused before any database lookup.
 */
final class KeyFormat {
    static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    static final int PUBLIC_CHARS = 52;   // 32 bytes: tenant id and key id
    static final int SECRET_BYTES = 20;   // 160 bits
    static final int SECRET_CHARS = 32;
    static final int CHECK_CHARS = 7;     // 32 bits
    static final int PREFIX_CHARS = "cty_live_".length();
    static final int LENGTH = PREFIX_CHARS + PUBLIC_CHARS + 1 + SECRET_CHARS + CHECK_CHARS;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            VALUES[ALPHABET.charAt(i)] = i;
        }
    }

    private KeyFormat() {
    }

    /** A key's parts once its shape and checksum are right. */
    record Parsed(ApiKeys.Environment environment, TenantId tenant, UUID id, String prefix) {
    }

    /** Why a text is not a well-formed key. */
    enum Flaw { MALFORMED, CHECKSUM }

    static String issue(ApiKeys.Environment env, TenantId tenant, UUID id) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String body = prefix(env, tenant, id) + "_" + encode(secret);
        return body + checksum(body);
    }

    static String prefix(ApiKeys.Environment env, TenantId tenant, UUID id) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.putLong(tenant.value().getMostSignificantBits()).putLong(tenant.value().getLeastSignificantBits());
        b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return "cty_" + env.label() + "_" + encode(b.array());
    }

    /** The parts of {@code key}, or the flaw that makes it no key at all. */
    static Object parse(String key) {
        if (key == null || key.length() != LENGTH || !key.startsWith("cty_")) {
            return Flaw.MALFORMED;
        }
        ApiKeys.Environment env;
        if (key.startsWith("cty_live_")) {
            env = ApiKeys.Environment.LIVE;
        } else if (key.startsWith("cty_test_")) {
            env = ApiKeys.Environment.TEST;
        } else {
            return Flaw.MALFORMED;
        }
        int sep = PREFIX_CHARS + PUBLIC_CHARS;
        if (key.charAt(sep) != '_') {
            return Flaw.MALFORMED;
        }
        for (int i = PREFIX_CHARS; i < LENGTH; i++) {
            char c = key.charAt(i);
            if (i != sep && (c >= 128 || VALUES[c] < 0)) {
                return Flaw.MALFORMED;
            }
        }
        String body = key.substring(0, LENGTH - CHECK_CHARS);
        if (!MessageDigest.isEqual(checksum(body).getBytes(StandardCharsets.US_ASCII),
                key.substring(LENGTH - CHECK_CHARS).getBytes(StandardCharsets.US_ASCII))) {
            return Flaw.CHECKSUM;
        }
        ByteBuffer ids = ByteBuffer.wrap(decode(key.substring(PREFIX_CHARS, sep), 32));
        TenantId tenant = new TenantId(new UUID(ids.getLong(), ids.getLong()));
        UUID id = new UUID(ids.getLong(), ids.getLong());
        return new Parsed(env, tenant, id, key.substring(0, sep));
    }

    /** The stored form: hex SHA-256 of the whole key text. */
    static String hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
            StringBuilder hex = new StringBuilder(64);
            for (byte x : d) {
                hex.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] out = new char[CHECK_CHARS];
        for (int i = CHECK_CHARS - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (v & 31));
            v >>>= 5;
        }
        return new String(out);
    }

    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    static byte[] decode(String text, int length) {
        byte[] out = new byte[length];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < text.length() && n < length; i++) {
            buffer = (buffer << 5) | VALUES[text.charAt(i)];
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
