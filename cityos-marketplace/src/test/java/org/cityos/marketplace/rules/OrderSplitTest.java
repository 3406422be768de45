package org.cityos.marketplace.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.core.CityOsException;
import org.cityos.testkit.Gen;
import org.cityos.testkit.Properties;
import org.junit.jupiter.api.Test;
import org.cityos.core.ErrorCode;
import org.cityos.marketplace.VendorId;

class OrderSplitTest {
    private static final List<VendorId> VENDORS = List.of(vendor(1), vendor(2), vendor(3));

    private static VendorId vendor(int n) {
        return new VendorId(UUID.fromString("00000000-0000-7000-8000-00000000000" + n));
    }

    @Test
    void the_spec_order_splits_into_vendor_orders_by_first_line() {
        VendorId dates = vendor(1);
        VendorId oud = vendor(2);
        List<OrderSplit.Line> lines = List.of(
                new OrderSplit.Line("a", 3, 4500, Optional.of(dates), Optional.of(CommissionTerms.rate(500).withMin(300))),
                new OrderSplit.Line("b", 1, 25000, Optional.of(oud), Optional.of(CommissionTerms.rate(1500))),
                new OrderSplit.Line("c", 2, 6000, Optional.of(dates), Optional.of(CommissionTerms.rate(1200).withFlat(100))),
                new OrderSplit.Line("d", 1, 1000, Optional.empty(), Optional.empty()));
        Map<VendorId, Long> shipping = new LinkedHashMap<>();
        shipping.put(dates, 1500L);
        shipping.put(oud, 2000L);

        OrderSplit.Split split = OrderSplit.split(lines, 1000, shipping);

        assertThat(split.parts()).extracting(OrderSplit.Part::vendor)
                .containsExactly(Optional.of(dates), Optional.of(oud), Optional.empty());
        OrderSplit.Part d = split.parts().get(0);
        assertThat(List.of(d.subtotal(), d.discount(), d.shipping(), d.commission(), d.vendorNet()))
                .containsExactly(25500L, 495L, 1500L, 2174L, 24331L);
        assertThat(d.lines()).extracting(OrderSplit.LineFigures::basis).containsExactly(13238L, 11767L);
        assertThat(split.parts().get(1).vendorNet()).isEqualTo(22837L);
        assertThat(split.parts().get(2).vendorNet()).isEqualTo(981L);
        assertThat(split.total()).isEqualTo(51500 - 1000 + 3500);
    }

    @Test
    void faults_come_in_the_spec_order() {
        VendorId v = vendor(1);
        List<OrderSplit.Line> lines = List.of(
                new OrderSplit.Line("a", 1, 100, Optional.of(v), Optional.of(CommissionTerms.rate(0))));
        assertThatThrownBy(() -> OrderSplit.split(lines, -1, Map.of(vendor(2), -5L)))
                .hasMessageContaining("discount -1");
        assertThatThrownBy(() -> OrderSplit.split(lines, 500, Map.of(vendor(2), -5L)))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AMOUNT))
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> OrderSplit.split(lines, 500, Map.of(vendor(2), 5L)))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_VENDOR))
                .hasMessageContaining(vendor(2).toString());
        assertThatThrownBy(() -> OrderSplit.split(lines, 500, Map.of(v, 5L)))
                .isInstanceOfSatisfying(CityOsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DISCOUNT_EXCEEDS_TOTAL));
        List<OrderSplit.Line> bad = List.of(
                new OrderSplit.Line("x", 0, 100, Optional.empty(), Optional.empty()));
        assertThatThrownBy(() -> OrderSplit.split(bad, 500, Map.of()))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AMOUNT))
                .hasMessageContaining("quantity 0").hasMessageContaining("'x'");
        List<OrderSplit.Line> overflow = List.of(
                new OrderSplit.Line("y", 2, Long.MAX_VALUE / 2 + 1, Optional.empty(), Optional.empty()));
        assertThatThrownBy(() -> OrderSplit.split(overflow, 0, Map.of()))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AMOUNT))
                .hasMessageContaining("'y'");
    }

    @Test
    void vendor_nets_and_commissions_add_up_to_the_order_total() {
        Properties.forAll(2000, OrderSplitTest::orders, OrderSplitTest::figuresAddUp);
    }

    private static void figuresAddUp(Order o) {
        OrderSplit.Split split = OrderSplit.split(o.lines, o.discount, o.shipping);

        long goods = o.lines.stream().mapToLong(OrderSplit.Line::gross).sum();
        long shipping = o.shipping.values().stream().mapToLong(Long::longValue).sum();
        long nets = 0;
        long commissions = 0;
        long platform = 0;
        long discounts = 0;
        for (OrderSplit.Part p : split.parts()) {
            if (p.vendor().isEmpty()) {
                assertThat(p.commission()).isZero();
                assertThat(p.shipping()).isZero();
                platform += p.vendorNet();
            } else {
                nets += p.vendorNet();
            }
            commissions += p.commission();
            discounts += p.discount();
            assertThat(p.vendorNet()).isGreaterThanOrEqualTo(p.shipping());
            for (OrderSplit.LineFigures f : p.lines()) {
                assertThat(f.commission()).isBetween(0L, f.basis());
                assertThat(f.discount()).isBetween(0L, f.gross());
            }
        }
        assertThat(discounts).isEqualTo(o.discount);
        assertThat(nets + commissions + platform).isEqualTo(goods - o.discount + shipping).isEqualTo(split.total());
        // one part per distinct vendor, in order of first line
        List<Optional<VendorId>> firstSeen = new ArrayList<>();
        o.lines.forEach(l -> {
            if (!firstSeen.contains(l.vendor())) {
                firstSeen.add(l.vendor());
            }
        });
        assertThat(split.parts()).extracting(OrderSplit.Part::vendor).containsExactlyElementsOf(firstSeen);
    }

    record Order(List<OrderSplit.Line> lines, long discount, Map<VendorId, Long> shipping) {
    }

    static Order orders(Gen g) {
        List<OrderSplit.Line> lines = g.list(1, 10, () -> {
            Optional<VendorId> v = g.optional(0.8, () -> g.oneOf(VENDORS));
            CommissionTerms base = CommissionTerms.rate(g.ints(0, 10_000)).withFlat(g.longs(0, 300));
            CommissionTerms t = g.chance(0.5) ? base.withMin(g.longs(0, 2000)) : base;
            return new OrderSplit.Line(g.letters(3), g.longs(1, 20), g.longs(0, 100_000), v, v.map(x -> t));
        });
        long goods = lines.stream().mapToLong(OrderSplit.Line::gross).sum();
        long discount = g.longs(0, goods);
        Map<VendorId, Long> shipping = new LinkedHashMap<>();
        for (VendorId v : VENDORS) {
            long amount = g.longs(0, 5000);
            if (lines.stream().anyMatch(l -> l.vendor().equals(Optional.of(v))) && amount % 3 != 0) {
                shipping.put(v, amount);
            }
        }
        return new Order(lines, discount, shipping);
    }
}
