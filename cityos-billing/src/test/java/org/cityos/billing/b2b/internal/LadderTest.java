package org.cityos.billing.b2b.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.cityos.billing.b2b.PriceListId;
import org.cityos.billing.b2b.pricing.ResolvedPrice;
import org.cityos.billing.rules.Pricing;
import org.cityos.billing.rules.Tier;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.testkit.Gen;
import org.cityos.testkit.Properties;
import org.junit.jupiter.api.Test;

class LadderTest {

    /** Tiers with bounds up to {@code maxBound}, amounts up to {@code maxAmount} (huge ones overflow). */
    static List<Tier> tiers(Gen g, int maxTiers, long maxBound, long maxAmount) {
        int n = g.ints(1, maxTiers);
        List<Tier> out = new ArrayList<>(n);
        long bound = 0;
        for (int i = 0; i < n; i++) {
            long unit = g.longs(0, maxAmount);
            long flat = g.chance(0.3) ? g.longs(0, maxAmount) : 0;
            if (i == n - 1 || bound >= maxBound - 1) {
                out.add(new Tier(OptionalLong.empty(), unit, flat));
                break;
            }
            bound = g.longs(bound + 1, Math.min(maxBound - 1, bound + 1 + maxBound / n));
            out.add(new Tier(OptionalLong.of(bound), unit, flat));
        }
        return out;
    }

    static Pricing pricing(Gen g, int maxTiers, long maxBound, long maxAmount) {
        return switch (g.ints(0, 2)) {
            case 0 -> Pricing.flat(g.longs(0, maxAmount));
            case 1 -> Pricing.volume(tiers(g, maxTiers, maxBound, maxAmount));
            default -> Pricing.graduated(tiers(g, maxTiers, maxBound, maxAmount));
        };
    }

    private record Case(Pricing pricing, long quantity) {
    }

    @Test
    void the_compiled_ladder_prices_every_quantity_as_the_plan_rules_do() {
        Properties.forAll(3000, g -> {
            long maxAmount = g.chance(0.1) ? Long.MAX_VALUE / 4 : 100_000;
            return new Case(pricing(g, 30, 10_000, maxAmount), g.longs(1, 20_000));
        }, c -> {
            Ladder ladder = Ladder.of(c.pricing());
            Long expected = amount(() -> c.pricing().amount(c.quantity()));
            Long actual = amount(() -> ladder.amount(c.quantity()));
            assertThat(actual).isEqualTo(expected);
        });
    }

    @Test
    void a_thousand_tier_ladder_answers_at_every_boundary() {
        List<Tier> tiers = new ArrayList<>();
        for (int i = 1; i < 1000; i++) {
            tiers.add(Tier.upTo(i * 10L, 10_000 - i));
        }
        tiers.add(Tier.rest(1));
        for (Pricing p : List.of(Pricing.volume(tiers), Pricing.graduated(tiers))) {
            Ladder ladder = Ladder.of(p);
            for (long q = 1; q <= 10_020; q++) {
                assertThat(ladder.amount(q)).as("%s at %d", p.model(), q).isEqualTo(p.amount(q));
            }
        }
    }

    @Test
    void order_lines_of_a_resolved_price_charge_exactly_its_amount() {
        Properties.forAll(2000, g -> new ResolvedPrice("p", g.longs(1, 10_000), g.longs(0, 10_000_000),
                new PriceListId(java.util.UUID.randomUUID())), r -> {
            List<NewOrderLine> lines = r.orderLines("l1");
            assertThat(lines.stream().mapToLong(l -> l.quantity() * l.unitPrice()).sum()).isEqualTo(r.amount());
            assertThat(lines.stream().mapToLong(NewOrderLine::quantity).sum()).isEqualTo(r.quantity());
            assertThat(lines).allSatisfy(l -> assertThat(l.quantity()).isPositive());
            assertThat(lines).hasSize(r.unitPrice().isPresent() ? 1 : 2);
        });
    }

    /** The amount, or null when it is refused as {@code invalid_amount}. */
    private static Long amount(java.util.function.LongSupplier f) {
        try {
            return f.getAsLong();
        } catch (CityOsException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AMOUNT);
            return null;
        }
    }
}
