package org.cityos.testkit;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Property checks without a framework: a property runs against many generated inputs from a
 * seeded {@link Gen}, and a failure names the try, the seed and the input, so it can be replayed
 * with {@code -Dcityos.seed=<seed>}. The default seed is fixed, so CI runs are repeatable.
 */
public final class Properties {
    /** The seed used unless {@code -Dcityos.seed} overrides it. */
    public static final long DEFAULT_SEED = 20260101L;

    private Properties() {
    }

    /** Checks {@code property} on {@code tries} inputs from {@code generator}. */
    public static <T> void forAll(int tries, Function<Gen, T> generator, Consumer<T> property) {
        long seed = Long.getLong("cityos.seed", DEFAULT_SEED);
        Random random = new Random(seed);
        Gen gen = new Gen(random);
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(gen);
            try {
                property.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("property failed on try " + (i + 1) + " of " + tries + " (seed " + seed
                        + ") for input " + java.util.Arrays.deepToString(new Object[] {input}) + ": " + e.getMessage(), e);
            }
        }
    }
}
