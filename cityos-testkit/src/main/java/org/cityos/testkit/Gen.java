package org.cityos.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A source of random test inputs for {@link Properties}: uniform values with a bias towards the
 * edges of each range (where money bugs live), optional values, lists and choices.
 */
public final class Gen {
    private final Random random;

    Gen(Random random) {
        this.random = random;
    }

    /** A long in {@code [lo, hi]}, the bounds themselves one time in ten each. */
    public long longs(long lo, long hi) {
        if (lo > hi) {
            throw new IllegalArgumentException("empty range " + lo + ".." + hi);
        }
        int edge = random.nextInt(20);
        if (edge == 0) {
            return lo;
        }
        if (edge == 1) {
            return hi;
        }
        long span = hi - lo;
        if (span < 0 || span == Long.MAX_VALUE) {
            // the range is wider than a long can count: draw until it lands inside
            long v;
            do {
                v = random.nextLong();
            } while (v < lo || v > hi);
            return v;
        }
        return lo + (long) (random.nextDouble() * (span + 1)) % (span + 1);
    }

    /** An int in {@code [lo, hi]}, biased to the bounds like {@link #longs}. */
    public int ints(int lo, int hi) {
        return (int) longs(lo, hi);
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** A present value with probability {@code p}. */
    public <T> Optional<T> optional(double p, Supplier<T> value) {
        return chance(p) ? Optional.of(value.get()) : Optional.empty();
    }

    /** One of the given values, uniformly. */
    @SafeVarargs
    public final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    /** One of the given values, uniformly. */
    public <T> T oneOf(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A list of {@code min..max} elements. */
    public <T> List<T> list(int min, int max, Supplier<T> element) {
        int n = ints(min, max);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.get());
        }
        return out;
    }

    /** A string of {@code n} lower-case letters. */
    public String letters(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }
}
