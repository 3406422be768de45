package org.cityos.billing.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.junit.jupiter.api.Test;

class PricingTest {
    // the spec's example: 1-10 at 500, 11-50 at 400, 51+ at 300
    private final List<Tier> tiers = List.of(Tier.upTo(10, 500), Tier.upTo(50, 400), Tier.rest(300));

    @Test
    void the_spec_example_prices_60_units_at_18000_by_volume_and_24000_graduated() {
        assertThat(Pricing.volume(tiers).amount(60)).isEqualTo(18000);
        assertThat(Pricing.graduated(tiers).amount(60)).isEqualTo(24000);
    }

    @Test
    void tier_boundaries_belong_to_the_lower_tier() {
        assertThat(Pricing.volume(tiers).amount(10)).isEqualTo(5000);
        assertThat(Pricing.volume(tiers).amount(11)).isEqualTo(4400);
        assertThat(Pricing.volume(tiers).amount(50)).isEqualTo(20000);
        assertThat(Pricing.volume(tiers).amount(51)).isEqualTo(15300);
        assertThat(Pricing.graduated(tiers).amount(10)).isEqualTo(5000);
        assertThat(Pricing.graduated(tiers).amount(11)).isEqualTo(5400);
        assertThat(Pricing.graduated(tiers).amount(51)).isEqualTo(5000 + 16000 + 300);
    }

    @Test
    void flat_fees_count_once_for_the_volume_tier_and_once_per_graduated_tier_reached() {
        List<Tier> withFees = List.of(Tier.upTo(10, 500).withFlat(1000), Tier.upTo(50, 400).withFlat(2000),
                Tier.rest(300).withFlat(3000));
        assertThat(Pricing.volume(withFees).amount(60)).isEqualTo(18000 + 3000);
        assertThat(Pricing.graduated(withFees).amount(60)).isEqualTo(24000 + 1000 + 2000 + 3000);
        assertThat(Pricing.graduated(withFees).amount(5)).isEqualTo(2500 + 1000);
    }

    @Test
    void flat_pricing_is_per_unit() {
        assertThat(Pricing.flat(999).amount(3)).isEqualTo(2997);
    }

    @Test
    void bad_prices_and_quantities_are_typed_errors() {
        assertThatThrownBy(() -> Pricing.flat(-1)).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AMOUNT)).hasMessageContaining("-1");
        assertThatThrownBy(() -> Pricing.flat(5).amount(0)).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AMOUNT));
        assertThatThrownBy(() -> Pricing.flat(Long.MAX_VALUE).amount(2)).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AMOUNT)).hasMessageContaining("overflows");
        assertThatThrownBy(() -> Pricing.volume(List.of(Tier.upTo(10, 1)))).isInstanceOfSatisfying(
                CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> Pricing.graduated(List.of(Tier.upTo(10, 1), Tier.upTo(5, 1), Tier.rest(1))))
                .isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining("5");
        assertThatThrownBy(() -> Pricing.volume(List.of())).isInstanceOf(CityOsException.class);
        assertThatThrownBy(() -> Tier.rest(-5)).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AMOUNT));
    }

    @Provide
    Arbitrary<List<Tier>> tierLists() {
        Arbitrary<Integer> count = Arbitraries.integers().between(1, 5);
        return count.flatMap(n -> Combinators.combine(
                Arbitraries.longs().between(1, 100).list().ofSize(n - 1),
                Arbitraries.longs().between(0, 10_000).list().ofSize(n),
                Arbitraries.longs().between(0, 5_000).list().ofSize(n)).as((widths, units, flats) -> {
                    List<Tier> out = new ArrayList<>();
                    long top = 0;
                    for (int i = 0; i < n; i++) {
                        if (i < n - 1) {
                            top += widths.get(i);
                            out.add(new Tier(java.util.OptionalLong.of(top), units.get(i), flats.get(i)));
                        } else {
                            out.add(new Tier(java.util.OptionalLong.empty(), units.get(i), flats.get(i)));
                        }
                    }
                    return out;
                }));
    }

    @Property
    void graduated_equals_the_sum_over_units_of_each_units_tier_price_plus_the_fees_of_tiers_reached(
            @ForAll("tierLists") List<Tier> tiers, @ForAll @LongRange(min = 1, max = 600) long quantity) {
        long expected = 0;
        for (long unit = 1; unit <= quantity; unit++) {
            expected += tierOf(tiers, unit).unitAmount();
        }
        Tier last = tierOf(tiers, quantity);
        for (Tier t : tiers) {
            expected += t.flatAmount();
            if (t == last) {
                break;
            }
        }
        assertThat(Pricing.graduated(tiers).amount(quantity)).isEqualTo(expected);
    }

    @Property
    void volume_prices_every_unit_at_the_tier_of_the_total(@ForAll("tierLists") List<Tier> tiers,
                                                           @ForAll @LongRange(min = 1, max = 600) long quantity) {
        Tier t = tierOf(tiers, quantity);
        assertThat(Pricing.volume(tiers).amount(quantity)).isEqualTo(quantity * t.unitAmount() + t.flatAmount());
    }

    @Property
    void with_a_single_tier_volume_and_graduated_agree_with_flat_plus_fee(
            @ForAll @LongRange(min = 0, max = 100_000) long unit, @ForAll @LongRange(min = 0, max = 1000) long fee,
            @ForAll @LongRange(min = 1, max = 100_000) long quantity) {
        List<Tier> one = List.of(Tier.rest(unit).withFlat(fee));
        long flat = Pricing.flat(unit).amount(quantity) + fee;
        assertThat(Pricing.volume(one).amount(quantity)).isEqualTo(flat);
        assertThat(Pricing.graduated(one).amount(quantity)).isEqualTo(flat);
    }

    private static Tier tierOf(List<Tier> tiers, long unit) {
        for (Tier t : tiers) {
            if (t.upTo().isEmpty() || unit <= t.upTo().getAsLong()) {
                return t;
            }
        }
        throw new AssertionError();
    }
}
