package org.cityos.billing.rules;

import org.cityos.testkit.Gen;
import org.cityos.testkit.Properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ProrationTest {
    @Test
    void day_10_of_a_30_day_period_leaves_two_thirds() {
        Instant s = Instant.parse("2026-04-01T00:00:00Z");
        Instant e = Instant.parse("2026-05-01T00:00:00Z");
        Instant t = Instant.parse("2026-04-11T00:00:00Z"); // 10 days used, 20 left
        assertThat(Proration.unused(3000, s, e, t)).isEqualTo(2000);
        assertThat(Proration.unused(1000, s, e, t)).isEqualTo(667); // 666.67 rounds up
        assertThat(Proration.unused(1, s, e, Instant.parse("2026-04-16T00:00:00Z"))).isEqualTo(1); // a half rounds up
        assertThat(Proration.unused(1, s, e, Instant.parse("2026-04-16T00:00:01Z"))).isEqualTo(0);
    }

    @Test
    void round_half_up_rounds_halves_up_and_the_rest_to_nearest() {
        assertThat(Proration.roundHalfUp(java.math.BigInteger.valueOf(5), java.math.BigInteger.TWO)).isEqualTo(3);
        assertThat(Proration.roundHalfUp(java.math.BigInteger.valueOf(4), java.math.BigInteger.valueOf(3))).isEqualTo(1);
        assertThat(Proration.roundHalfUp(java.math.BigInteger.valueOf(5), java.math.BigInteger.valueOf(3))).isEqualTo(2);
    }

    @Test
    void proration_matches_decimal_half_up_and_stays_within_the_amount() {
        Properties.forAll(1000, g -> new long[] {g.longs(0, 1_000_000_000_000L), g.longs(1, 40_000_000), g.longs(0, 40_000_000)},
                a -> prorationIsExact(a[0], a[1], a[2]));
    }

    private static void prorationIsExact(long amount, long length, long used) {
        long u = used % length;
        Instant s = Instant.ofEpochSecond(1_700_000_000L);
        long got = Proration.unused(amount, s, s.plusSeconds(length), s.plusSeconds(u));
        BigDecimal exact = BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(length - u))
                .divide(BigDecimal.valueOf(length), 0, RoundingMode.HALF_UP);
        assertThat(got).isEqualTo(exact.longValueExact()).isBetween(0L, amount);
    }

    @Test
    void a_change_that_keeps_the_price_nets_to_zero() {
        Properties.forAll(1000, g -> new long[] {g.longs(0, 10_000_000), g.longs(0, 2_591_999)},
                a -> samePriceNetsZero(a[0], a[1]));
    }

    private static void samePriceNetsZero(long amount, long used) {
        Instant s = Instant.parse("2026-04-01T00:00:00Z");
        Instant e = Instant.parse("2026-05-01T00:00:00Z");
        Instant t = s.plusSeconds(used);
        assertThat(Proration.unused(amount, s, e, t) - Proration.unused(amount, s, e, t)).isZero();
        assertThat(Proration.unused(amount, s, e, s)).isEqualTo(amount);
    }
}
