package org.cityos.billing.b2b.internal;

import java.util.List;
import java.util.OptionalLong;

import org.cityos.billing.rules.Pricing;
import org.cityos.billing.rules.Tier;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;

/**
 * A product's price compiled for fast lookups (internal): the tier bounds in an array searched in
 * O(log n), and for graduated prices the running total at each tier's end, so a quantity's amount
 * costs one binary search and one multiplication whatever the number of tiers. Amounts equal
 * {@link Pricing#amount} (property-tested), overflow included: past the point where the running
 * total overflows, the amount is computed by {@code Pricing} itself, which raises {@code invalid_amount}.
 */
public final class Ladder {
    private final Pricing pricing;
    private final boolean graduated;
    private final long[] upTo;      // inclusive bound of tier i; Long.MAX_VALUE on the last
    private final long[] unit;
    private final long[] flat;
    private final long[] before;    // graduated: amount of all units below tier i, with the flat fees of tiers < i
    private final int exactUpTo;    // graduated: tiers below this index have an exact running total

    private Ladder(Pricing pricing) {
        this.pricing = pricing;
        this.graduated = pricing instanceof Pricing.Graduated;
        List<Tier> tiers = tiers(pricing);
        int n = tiers.size();
        upTo = new long[n];
        unit = new long[n];
        flat = new long[n];
        before = new long[n];
        int exact = n;
        long total = 0;
        long below = 0;
        for (int i = 0; i < n; i++) {
            Tier t = tiers.get(i);
            upTo[i] = t.upTo().orElse(Long.MAX_VALUE);
            unit[i] = t.unitAmount();
            flat[i] = t.flatAmount();
            if (graduated && exact == n) {
                before[i] = total;
                if (i < n - 1) {
                    try {
                        total = Math.addExact(total, Math.addExact(Math.multiplyExact(unit[i], upTo[i] - below), flat[i]));
                    } catch (ArithmeticException e) {
                        exact = i + 1;
                    }
                    below = upTo[i];
                }
            }
        }
        this.exactUpTo = exact;
    }

    /** Compiles {@code pricing}. */
    public static Ladder of(Pricing pricing) {
        return new Ladder(pricing);
    }

    /** The tiers of any pricing: a flat price is one unbounded tier. */
    public static List<Tier> tiers(Pricing pricing) {
        if (pricing instanceof Pricing.Volume v) {
            return v.tiers();
        }
        if (pricing instanceof Pricing.Graduated g) {
            return g.tiers();
        }
        return List.of(new Tier(OptionalLong.empty(), ((Pricing.Flat) pricing).unitAmount(), 0));
    }

    public Pricing pricing() {
        return pricing;
    }

    /** The amount for {@code quantity} units; {@code invalid_amount} when it is below 1 or overflows. */
    public long amount(long quantity) {
        if (quantity < 1) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, "quantity " + quantity + " must be at least 1");
        }
        int i = tierOf(quantity);
        try {
            if (!graduated) {
                return Math.addExact(Math.multiplyExact(unit[i], quantity), flat[i]);
            }
            if (i >= exactUpTo) {
                return pricing.amount(quantity);
            }
            long from = i == 0 ? 0 : upTo[i - 1];
            return Math.addExact(before[i], Math.addExact(Math.multiplyExact(unit[i], quantity - from), flat[i]));
        } catch (ArithmeticException e) {
            return pricing.amount(quantity); // raises invalid_amount naming the figures
        }
    }

    /** The index of the first tier whose bound is at least {@code quantity}. */
    private int tierOf(long quantity) {
        int lo = 0;
        int hi = upTo.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (upTo[mid] >= quantity) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Heap bytes this ladder holds, roughly, for the cache's bound. */
    public int weight() {
        return 64 + upTo.length * 32;
    }
}
