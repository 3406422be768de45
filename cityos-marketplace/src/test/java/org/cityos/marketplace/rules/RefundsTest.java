package org.cityos.marketplace.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.testkit.Gen;
import org.cityos.testkit.Properties;
import org.junit.jupiter.api.Test;
import org.cityos.core.ErrorCode;

class RefundsTest {

    @Test
    void a_partial_refund_recomputes_commission_on_the_remaining_basis_with_the_frozen_rule() {
        // basis 13238 over 3 units, 1 refunded: refunded basis 4412.67 -> 4413, remaining 8825, 5% = 441.25 -> 441
        Refunds.LineAfterRefunds a = Refunds.recompute(13238, 3, 1, Optional.of(CommissionTerms.rate(500).withMin(300)));
        assertThat(a).isEqualTo(new Refunds.LineAfterRefunds(1, 4413, 8825, 441));
        // 600 bps + 50 flat on 37500 = 2300
        assertThat(Refunds.recompute(50_000, 4, 1, Optional.of(CommissionTerms.rate(600).withFlat(50))).commission())
                .isEqualTo(2300);
    }

    @Test
    void a_fully_refunded_line_earns_nothing_not_even_the_flat_fee_or_the_minimum() {
        Refunds.LineAfterRefunds a = Refunds.recompute(5000, 2, 2, Optional.of(CommissionTerms.rate(100).withFlat(50).withMin(70)));
        assertThat(a).isEqualTo(new Refunds.LineAfterRefunds(2, 5000, 0, 0));
        assertThat(a.net()).isZero();
    }

    @Test
    void refunding_more_than_the_quantity_is_over_refund() {
        assertThatThrownBy(() -> Refunds.recompute(100, 1, 2, Optional.empty()))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OVER_REFUND))
                .hasMessageContaining("2").hasMessageContaining("1");
    }

    @Test
    void refunds_never_make_anything_negative() {
        Properties.forAll(2000, RefundsTest::lines, RefundsTest::nothingGoesNegative);
    }

    private static void nothingGoesNegative(Line l) {
        long before = l.basis;
        long beforeNet = Long.MAX_VALUE;
        long r = 0;
        for (long step : l.steps) {
            r += step;
            Refunds.LineAfterRefunds a = Refunds.recompute(l.basis, l.quantity, r, l.terms);
            assertThat(a.refundedBasis()).isBetween(l.basis - before, l.basis);
            assertThat(a.remainingBasis()).isBetween(0L, before);
            assertThat(a.commission()).isBetween(0L, a.remainingBasis());
            assertThat(a.net()).isGreaterThanOrEqualTo(0L);
            if (r == l.quantity) {
                assertThat(a.remainingBasis()).isZero();
                assertThat(a.commission()).isZero();
            }
            if (l.terms.isEmpty()) {
                assertThat(a.commission()).isZero();
                // a platform line's net only falls as more is refunded
                assertThat(a.net()).isLessThanOrEqualTo(beforeNet);
                beforeNet = a.net();
            }
            before = a.remainingBasis();
        }
    }

    record Line(long basis, long quantity, List<Long> steps, Optional<CommissionTerms> terms) {
    }

    static Line lines(Gen g) {
        Optional<CommissionTerms> terms = g.optional(0.8, () -> {
            CommissionTerms base = CommissionTerms.rate(g.ints(0, 10_000)).withFlat(g.longs(0, 500));
            return g.chance(0.5) ? base.withMin(g.longs(0, 1000)) : base;
        });
        long basis = g.longs(0, 10_000_000);
        long qty = g.longs(1, 50);
        List<Long> kept = new java.util.ArrayList<>();
        long sum = 0;
        for (long s : g.list(0, 10, () -> g.longs(1, qty))) {
            if (sum + s <= qty) {
                kept.add(s);
                sum += s;
            }
        }
        return new Line(basis, qty, kept, terms);
    }
}
