package org.cityos.billing.rules;

import org.cityos.testkit.Gen;
import org.cityos.testkit.Properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

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

    static List<Tier> tierLists(Gen g) {
        int n = g.ints(1, 5);
        List<Tier> out = new ArrayList<>();
        long top = 0;
        for (int i = 0; i < n; i++) {
            long unit = g.longs(0, 10_000);
            long flat = g.longs(0, 5_000);
            if (i < n - 1) {
                top += g.longs(1, 100);
                out.add(new Tier(java.util.OptionalLong.of(top), unit, flat));
            } else {
                out.add(new Tier(java.util.OptionalLong.empty(), unit, flat));
            }
        }
        return out;
    }

    record TierCase(List<Tier> tiers, long quantity) {
    }

    @Test
    void graduated_equals_the_sum_over_units_of_each_units_tier_price_plus_the_fees_of_tiers_reached() {
        Properties.forAll(1000, g -> new TierCase(tierLists(g), g.longs(1, 600)), c -> graduatedSums(c.tiers(), c.quantity()));
    }

    private static void graduatedSums(List<Tier> tiers, long quantity) {
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

    @Test
    void volume_prices_every_unit_at_the_tier_of_the_total() {
        Properties.forAll(1000, g -> new TierCase(tierLists(g), g.longs(1, 600)), c -> volumeIsFlat(c.tiers(), c.quantity()));
    }

    private static void volumeIsFlat(List<Tier> tiers, long quantity) {
        Tier t = tierOf(tiers, quantity);
        assertThat(Pricing.volume(tiers).amount(quantity)).isEqualTo(quantity * t.unitAmount() + t.flatAmount());
    }

    @Test
    void with_a_single_tier_volume_and_graduated_agree_with_flat_plus_fee() {
        Properties.forAll(1000, g -> new long[] {g.longs(0, 100_000), g.longs(0, 1000), g.longs(1, 100_000)},
                a -> singleTierAgrees(a[0], a[1], a[2]));
    }

    private static void singleTierAgrees(long unit, long fee, long quantity) {
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
