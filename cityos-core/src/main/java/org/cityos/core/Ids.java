package org.cityos.core;

import java.time.Clock;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Id helpers: time-ordered UUIDs (version 7) taken from the injected clock, so that keyset
 * pagination by id follows creation order, and strict parsing with typed errors.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis = Long.MIN_VALUE;
    private static long sequence;

    private Ids() {
    }

    /** A new UUIDv7 whose timestamp comes from {@code clock}; ids from one JVM always increase. */
    public static UUID next(Clock clock) {
        long millis;
        long seq;
        synchronized (Ids.class) {
            // monotonic within the JVM even when the clock stands still (test clocks) or steps back:
            // the 12-bit rand_a field counts ids within a millisecond, then the millisecond moves on
            long now = clock.millis();
            if (now > lastMillis) {
                lastMillis = now;
                sequence = 0;
            } else if (++sequence > 0xFFF) {
                lastMillis++;
                sequence = 0;
            }
            millis = lastMillis;
            seq = sequence;
        }
        long msb = (millis << 16) | (0x7L << 12) | seq;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** Parses a UUID, raising {@code invalid_argument} that names the field and the text. */
    public static UUID parse(String field, String text) {
        if (text == null || text.length() != 36) {
            throw CityOsException.invalid(field, text, "is not a UUID");
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw CityOsException.invalid(field, text, "is not a UUID");
        }
    }
}
