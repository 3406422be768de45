package org.cityos.marketplace.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;

import org.cityos.core.CityOsException;
import org.cityos.testkit.Gen;
import org.cityos.testkit.Properties;
import org.junit.jupiter.api.Test;
import org.cityos.core.ErrorCode;

class DiscountAllocationTest {

    @Test
    void the_spec_example_gives_the_missing_unit_to_the_largest_fraction() {
        // 1000 over 13500, 25000, 12000, 1000: floors 262, 485, 233, 19; the missing unit goes to .436
        assertThat(DiscountAllocation.allocate(1000, List.of(13500L, 25000L, 12000L, 1000L)))
                .containsExactly(262L, 486L, 233L, 19L);
    }

    @Test
    void ties_go_to_the_earlier_line() {
        assertThat(DiscountAllocation.allocate(1, List.of(100L, 100L, 100L))).containsExactly(1L, 0L, 0L);
        assertThat(DiscountAllocation.allocate(2, List.of(100L, 100L, 100L))).containsExactly(1L, 1L, 0L);
        assertThat(DiscountAllocation.allocate(5, List.of(1L, 3L, 3L, 3L))).containsExactly(1L, 2L, 1L, 1L);
    }

    @Test
    void zero_price_lines_get_nothing() {
        assertThat(DiscountAllocation.allocate(10, List.of(0L, 30L, 0L))).containsExactly(0L, 10L, 0L);
        assertThat(DiscountAllocation.allocate(0, List.of(0L, 0L))).containsExactly(0L, 0L);
    }

    @Test
    void a_discount_above_the_total_is_refused_naming_both() {
        assertThatThrownBy(() -> DiscountAllocation.allocate(301, List.of(100L, 200L)))
                .isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DISCOUNT_EXCEEDS_TOTAL))
                .hasMessageContaining("301").hasMessageContaining("300");
        assertThatThrownBy(() -> DiscountAllocation.allocate(-1, List.of(100L)))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AMOUNT))
                .hasMessageContaining("-1");
    }

    @Test
    void a_total_that_overflows_is_an_invalid_amount() {
        assertThatThrownBy(() -> DiscountAllocation.allocate(1, List.of(Long.MAX_VALUE, 1L)))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AMOUNT));
    }

    @Test
    void huge_amounts_are_exact() {
        long big = Long.MAX_VALUE / 2;
        List<Long> shares = DiscountAllocation.allocate(big, List.of(big - 1, 1L));
        assertThat(shares.get(0) + shares.get(1)).isEqualTo(big);
        assertThat(shares.get(1)).isBetween(0L, 1L);
    }

    @Test
    void shares_sum_to_the_discount_and_never_exceed_a_lines_gross() {
        Properties.forAll(2000, DiscountAllocationTest::orders, DiscountAllocationTest::sharesAddUp);
    }

    private static void sharesAddUp(Order o) {
        List<Long> shares = DiscountAllocation.allocate(o.discount, o.gross);

        assertThat(shares).hasSameSizeAs(o.gross);
        assertThat(shares.stream().mapToLong(Long::longValue).sum()).isEqualTo(o.discount);
        BigInteger total = o.gross.stream().map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
        for (int i = 0; i < shares.size(); i++) {
            assertThat(shares.get(i)).isBetween(0L, o.gross.get(i));
            if (total.signum() > 0) {
                // within one unit of the exact proportional share, above it only by rounding up
                BigInteger exactTimesG = BigInteger.valueOf(o.discount).multiply(BigInteger.valueOf(o.gross.get(i)));
                BigInteger floor = exactTimesG.divide(total);
                assertThat(BigInteger.valueOf(shares.get(i))).isBetween(floor, floor.add(BigInteger.ONE));
            }
        }
    }

    record Order(long discount, List<Long> gross) {
    }

    static Order orders(Gen g) {
        int range = g.ints(0, 2);
        List<Long> gross = g.list(1, 12, () -> switch (range) {
            case 0 -> g.longs(0, 100_000);
            case 1 -> g.longs(0, 5);
            default -> g.longs(0, Long.MAX_VALUE / 64);
        });
        long total = gross.stream().mapToLong(Long::longValue).sum();
        return new Order(g.longs(0, total), gross);
    }

}
