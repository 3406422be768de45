package org.cityos.marketplace.rules;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;

/**
 * Shares an order-level discount over the order's lines in proportion to their gross, by
 * largest remainder: each line gets {@code floor(D * g_i / G)}, and the minor units still missing
 * go one each to the lines with the largest fractional parts, ties to the earlier line. The
 * shares sum exactly to {@code D} and no share exceeds its line's gross.
 */
public final class DiscountAllocation {
    private DiscountAllocation() {
    }

    /**
     * The discount share of each line, in line order.
     *
     * @param discount the order discount {@code D}, at least 0
     * @param gross each line's gross {@code g_i}, at least 0
     * @throws CityOsException {@code invalid_amount} for a negative amount or a total that overflows,
     *                         {@code discount_exceeds_total} when {@code D > G}
     */
    public static List<Long> allocate(long discount, List<Long> gross) {
        long total = 0;
        for (int i = 0; i < gross.size(); i++) {
            long g = gross.get(i);
            if (g < 0) {
                throw Exact.negative("gross of line " + (i + 1), g);
            }
            total = Exact.add(total, g, "order total");
        }
        if (discount < 0) {
            throw Exact.negative("discount", discount);
        }
        if (discount > total) {
            throw new CityOsException(ErrorCode.DISCOUNT_EXCEEDS_TOTAL,
                    "discount " + discount + " exceeds the order total " + total);
        }
        List<Long> shares = new ArrayList<>(gross.size());
        if (total == 0 || discount == 0) {
            gross.forEach(g -> shares.add(0L));
            return shares;
        }
        BigInteger d = BigInteger.valueOf(discount);
        BigInteger t = BigInteger.valueOf(total);
        long[] remainder = new long[gross.size()];
        long given = 0;
        for (int i = 0; i < gross.size(); i++) {
            BigInteger[] qr = d.multiply(BigInteger.valueOf(gross.get(i))).divideAndRemainder(t);
            long share = qr[0].longValue(); // <= g_i, fits
            shares.add(share);
            remainder[i] = qr[1].longValue(); // < G, fits
            given += share; // <= D, cannot overflow
        }
        long missing = discount - given;
        if (missing > 0) {
            List<Integer> order = new ArrayList<>(gross.size());
            for (int i = 0; i < gross.size(); i++) {
                order.add(i);
            }
            // fractional parts share the denominator G, so comparing remainders compares them;
            // List.sort is stable, which keeps ties in line order
            order.sort(Comparator.comparingLong((Integer i) -> remainder[i]).reversed());
            for (int k = 0; k < missing; k++) {
                int i = order.get(k);
                shares.set(i, shares.get(i) + 1);
            }
        }
        return shares;
    }
}
