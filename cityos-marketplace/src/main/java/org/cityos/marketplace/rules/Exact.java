package org.cityos.marketplace.rules;

import java.math.BigInteger;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;

/** Exact arithmetic helpers: an overflow is an {@code invalid_amount} naming the figure, never a wrap-around. */
final class Exact {
    static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    private Exact() {
    }

    static long add(long a, long b, String what) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw overflow(what, BigInteger.valueOf(a).add(BigInteger.valueOf(b)));
        }
    }

    static long multiply(long a, long b, String what) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw overflow(what, BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)));
        }
    }

    static long toLong(BigInteger v, String what) {
        if (v.bitLength() > 63) {
            throw overflow(what, v);
        }
        return v.longValue();
    }

    static CityOsException overflow(String what, BigInteger value) {
        return new CityOsException(ErrorCode.INVALID_AMOUNT,
                what + " " + value + " does not fit in a 64-bit amount of minor units");
    }

    static CityOsException negative(String what, long value) {
        return new CityOsException(ErrorCode.INVALID_AMOUNT, what + " " + value + " must not be negative");
    }
}
