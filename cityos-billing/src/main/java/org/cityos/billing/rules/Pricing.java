package org.cityos.billing.rules;

import java.util.List;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Values;

/**
 * How a plan prices a quantity of units for one period, in minor units: a {@link Flat} amount per
 * unit, or tiers over the quantity, {@link Volume} (every unit at the price of the tier the total
 * quantity falls in) or {@link Graduated} (each band of units at its own tier's price); a tier's
 * flat fee is added once when the tier applies (volume: the one tier; graduated: each tier reached).
 */
public sealed interface Pricing permits Pricing.Flat, Pricing.Volume, Pricing.Graduated {

    /** The amount for {@code quantity} units; {@code invalid_amount} when it is below 1 or overflows. */
    long amount(long quantity);

    /** The wire name of the model: {@code flat}, {@code volume} or {@code graduated}. */
    String model();

    static Pricing flat(long unitAmount) {
        return new Flat(unitAmount);
    }

    static Pricing volume(List<Tier> tiers) {
        return new Volume(tiers);
    }

    static Pricing graduated(List<Tier> tiers) {
        return new Graduated(tiers);
    }

    /** Every unit at {@code unitAmount}. */
    record Flat(long unitAmount) implements Pricing {
        public Flat {
            if (unitAmount < 0) {
                throw new CityOsException(ErrorCode.INVALID_AMOUNT, "unit amount " + Values.quote(unitAmount)
                        + " is negative");
            }
        }

        @Override
        public long amount(long quantity) {
            checkQuantity(quantity);
            return multiply(unitAmount, quantity);
        }

        @Override
        public String model() {
            return "flat";
        }
    }

    /** Every unit at the price of the tier the total quantity falls in, plus that tier's flat fee. */
    record Volume(List<Tier> tiers) implements Pricing {
        public Volume {
            tiers = checkTiers(tiers);
        }

        @Override
        public long amount(long quantity) {
            checkQuantity(quantity);
            for (Tier t : tiers) {
                if (t.upTo().isEmpty() || quantity <= t.upTo().getAsLong()) {
                    return add(multiply(t.unitAmount(), quantity), t.flatAmount());
                }
            }
            throw new IllegalStateException("the last tier is unbounded");
        }

        @Override
        public String model() {
            return "volume";
        }
    }

    /** Each band of units at its own tier's price, plus the flat fee of every tier reached. */
    record Graduated(List<Tier> tiers) implements Pricing {
        public Graduated {
            tiers = checkTiers(tiers);
        }

        @Override
        public long amount(long quantity) {
            checkQuantity(quantity);
            long total = 0;
            long below = 0;
            for (Tier t : tiers) {
                long top = t.upTo().isPresent() ? Math.min(quantity, t.upTo().getAsLong()) : quantity;
                long units = top - below;
                total = add(total, add(multiply(t.unitAmount(), units), t.flatAmount()));
                if (top >= quantity) {
                    return total;
                }
                below = top;
            }
            throw new IllegalStateException("the last tier is unbounded");
        }

        @Override
        public String model() {
            return "graduated";
        }
    }

    private static void checkQuantity(long quantity) {
        if (quantity < 1) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, "quantity " + Values.quote(quantity)
                    + " must be at least 1");
        }
    }

    private static List<Tier> checkTiers(List<Tier> tiers) {
        if (tiers == null || tiers.isEmpty()) {
            throw CityOsException.invalid("tiers", tiers == null ? null : "[]", "must name at least one tier");
        }
        List<Tier> copy = List.copyOf(tiers);
        long previous = 0;
        for (int i = 0; i < copy.size(); i++) {
            Tier t = copy.get(i);
            boolean last = i == copy.size() - 1;
            if (last != t.upTo().isEmpty()) {
                throw CityOsException.invalid("tier " + (i + 1) + " up_to",
                        t.upTo().isPresent() ? t.upTo().getAsLong() : "unbounded",
                        "is wrong: only the last tier is unbounded, and it must be");
            }
            if (!last && t.upTo().getAsLong() <= previous) {
                throw CityOsException.invalid("tier " + (i + 1) + " up_to", t.upTo().getAsLong(),
                        "must be above the previous tier's " + previous);
            }
            previous = last ? previous : t.upTo().getAsLong();
        }
        return copy;
    }

    private static long multiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, "amount " + a + " x " + b + " overflows");
        }
    }

    private static long add(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, "amount " + a + " + " + b + " overflows");
        }
    }
}
