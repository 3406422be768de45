package org.cityos.marketplace.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;

import org.cityos.core.CityOsException;
import org.cityos.testkit.Gen;
import org.cityos.testkit.Properties;
import org.junit.jupiter.api.Test;
import org.cityos.core.ErrorCode;

class CommissionTest {

    @Test
    void rate_rounds_half_up_once_then_adds_the_flat_fee() {
        assertThat(Commission.onLine(CommissionTerms.rate(500), 13238)).isEqualTo(662); // 661.9
        assertThat(Commission.onLine(CommissionTerms.rate(1200).withFlat(100), 11767)).isEqualTo(1512); // 1412.04 + 100
        assertThat(Commission.onLine(CommissionTerms.rate(700), 3333)).isEqualTo(233); // 233.31
        assertThat(Commission.onLine(CommissionTerms.rate(5000), 1)).isEqualTo(1); // 0.5 rounds up
        assertThat(Commission.onLine(CommissionTerms.rate(4999), 1)).isEqualTo(0);
    }

    @Test
    void min_raises_max_lowers_and_the_basis_caps() {
        assertThat(Commission.onLine(CommissionTerms.rate(500).withMin(300), 1000)).isEqualTo(300);
        assertThat(Commission.onLine(CommissionTerms.rate(500).withMin(300), 100)).isEqualTo(100); // capped at basis
        assertThat(Commission.onLine(CommissionTerms.rate(5000).withMax(250), 1000)).isEqualTo(250);
        assertThat(Commission.onLine(CommissionTerms.rate(0).withFlat(50), 20)).isEqualTo(20);
        assertThat(Commission.onLine(CommissionTerms.rate(1000).withFlat(50), 0)).isEqualTo(0); // zero-price line
        assertThat(Commission.onLine(CommissionTerms.rate(10_000).withFlat(Long.MAX_VALUE), Long.MAX_VALUE))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void invalid_terms_are_refused_naming_the_value() {
        assertThatThrownBy(() -> CommissionTerms.rate(10_001)).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RULE)).hasMessageContaining("10001");
        assertThatThrownBy(() -> CommissionTerms.rate(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> CommissionTerms.rate(100).withFlat(-5)).hasMessageContaining("-5");
        assertThatThrownBy(() -> CommissionTerms.rate(100).withMin(-2)).hasMessageContaining("-2");
        assertThatThrownBy(() -> CommissionTerms.rate(100).withMax(-3)).hasMessageContaining("-3");
        assertThatThrownBy(() -> CommissionTerms.rate(100).withMin(10).withMax(9))
                .hasMessageContaining("min 10").hasMessageContaining("max 9");
    }

    @Test
    void commission_stays_within_zero_and_the_basis() {
        Properties.forAll(3000, g -> new Case(terms(g), g.longs(0, Long.MAX_VALUE)),
                c -> commissionIsBounded(c.terms(), c.basis()));
    }

    record Case(CommissionTerms terms, long basis) {
    }

    private static void commissionIsBounded(CommissionTerms terms, long basis) {
        long c = Commission.onLine(terms, basis);
        assertThat(c).isBetween(0L, basis);
        terms.max().ifPresent(max -> assertThat(c).isLessThanOrEqualTo(max));
        if (terms.min().isPresent() && terms.min().getAsLong() <= basis) {
            assertThat(c).isGreaterThanOrEqualTo(terms.min().getAsLong());
        }
    }

    static CommissionTerms terms(Gen g) {
        int r = g.chance(0.5) ? g.ints(0, 10_000) : g.oneOf(0, 1, 5000, 10_000);
        long f = g.chance(0.5) ? g.longs(0, 1000) : g.longs(0, Long.MAX_VALUE);
        OptionalLong x = g.chance(0.5) ? OptionalLong.of(g.longs(0, 100_000)) : OptionalLong.empty();
        OptionalLong y = g.chance(0.5) ? OptionalLong.of(g.longs(0, 100_000)) : OptionalLong.empty();
        OptionalLong min = x;
        OptionalLong max = y;
        if (x.isPresent() && y.isPresent() && x.getAsLong() > y.getAsLong()) {
            min = y;
            max = x;
        }
        return new CommissionTerms(r, f, min, max);
    }
}
