package org.cityos.marketplace.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Values;
import org.cityos.marketplace.VendorId;

/**
 * Splits an order into vendor orders: one per vendor (and one for the platform's own lines),
 * ordered by each vendor's first line, with the order discount shared over all lines by
 * {@link DiscountAllocation}, commission per line by {@link Commission}, and shipping per vendor
 * (never discounted). For every split, the vendor nets plus the commissions equal the order
 * total after discount plus shipping.
 */
public final class OrderSplit {
    private OrderSplit() {
    }

    /**
     * One line to split: its quantity and unit price, its vendor (empty for the platform) and the
     * commission terms chosen for it (empty exactly for platform lines).
     */
    public record Line(String lineId, long quantity, long unitPrice, Optional<VendorId> vendor,
                       Optional<CommissionTerms> terms) {
        public Line {
            Objects.requireNonNull(lineId, "line id");
            vendor = Objects.requireNonNullElse(vendor, Optional.empty());
            terms = Objects.requireNonNullElse(terms, Optional.empty());
            if (vendor.isPresent() != terms.isPresent()) {
                throw new IllegalArgumentException("line " + lineId
                        + ": a vendor line needs commission terms and a platform line has none");
            }
        }

        /** {@code quantity * unit_price}, checked. */
        public long gross() {
            checkAmounts(this);
            return Exact.multiply(quantity, unitPrice, "gross of line " + Values.quote(lineId));
        }
    }

    /** One line's figures in the split. */
    public record LineFigures(int index, String lineId, long gross, long discount, long basis, long commission) {
    }

    /** One vendor order of the split: the vendor (empty for the platform), its lines and totals. */
    public record Part(Optional<VendorId> vendor, List<LineFigures> lines, long subtotal, long discount,
                       long shipping, long commission, long vendorNet) {
        public Part {
            lines = List.copyOf(lines);
        }
    }

    /** The split of a whole order; {@code total} is the order total after discount plus shipping. */
    public record Split(List<Part> parts, long total) {
        public Split {
            parts = List.copyOf(parts);
        }
    }

    /**
     * Splits an order.
     *
     * @param shipping per vendor; every key must be a vendor with lines in the order
     * @throws CityOsException {@code invalid_amount} for a non-positive quantity, a negative price,
     *                         discount or shipping, or an overflow; {@code unknown_vendor} for a
     *                         shipping key without lines; {@code discount_exceeds_total}
     */
    public static Split split(List<Line> lines, long discount, Map<VendorId, Long> shipping) {
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(shipping, "shipping");
        List<Long> gross = new ArrayList<>(lines.size());
        for (Line l : lines) {
            gross.add(l.gross());
        }
        checkOrderAmounts(lines, discount, shipping);
        List<Long> shares = DiscountAllocation.allocate(discount, gross);

        Map<Optional<VendorId>, List<LineFigures>> byVendor = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            long basis = gross.get(i) - shares.get(i);
            long commission = l.terms().map(t -> Commission.onLine(t, basis)).orElse(0L);
            byVendor.computeIfAbsent(l.vendor(), v -> new ArrayList<>())
                    .add(new LineFigures(i, l.lineId(), gross.get(i), shares.get(i), basis, commission));
        }
        List<Part> parts = new ArrayList<>();
        long total = 0;
        for (Map.Entry<Optional<VendorId>, List<LineFigures>> e : byVendor.entrySet()) {
            long subtotal = 0;
            long disc = 0;
            long commission = 0;
            for (LineFigures f : e.getValue()) {
                subtotal += f.gross(); // sums of parts of a checked total: no overflow
                disc += f.discount();
                commission += f.commission();
            }
            long ship = e.getKey().map(v -> shipping.getOrDefault(v, 0L)).orElse(0L);
            long net = Exact.add(subtotal - disc - commission, ship, "vendor net");
            parts.add(new Part(e.getKey(), e.getValue(), subtotal, disc, ship, commission, net));
            total = Exact.add(total, net + commission, "order total with shipping");
        }
        return new Split(parts, total);
    }

    /** The per-line amount checks, in the spec's order: quantity, then price. */
    public static void checkAmounts(Line l) {
        if (l.quantity() <= 0) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, "quantity " + l.quantity() + " of line "
                    + Values.quote(l.lineId()) + " must be positive");
        }
        if (l.unitPrice() < 0) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, "unit price " + l.unitPrice() + " of line "
                    + Values.quote(l.lineId()) + " must not be negative");
        }
    }

    /**
     * The order-level checks, in the spec's order: the discount and shipping amounts, then the
     * shipping keys, then the discount against the total.
     */
    public static void checkOrderAmounts(List<Line> lines, long discount, Map<VendorId, Long> shipping) {
        if (discount < 0) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, "discount " + discount + " must not be negative");
        }
        for (Map.Entry<VendorId, Long> e : shipping.entrySet()) {
            if (e.getValue() == null || e.getValue() < 0) {
                throw new CityOsException(ErrorCode.INVALID_AMOUNT, "shipping " + e.getValue() + " for vendor "
                        + e.getKey() + " must not be negative");
            }
        }
        for (VendorId v : shipping.keySet()) {
            if (lines.stream().noneMatch(l -> l.vendor().equals(Optional.of(v)))) {
                throw new CityOsException(ErrorCode.UNKNOWN_VENDOR, "shipping names vendor " + v
                        + ", which has no lines in this order");
            }
        }
        long goods = 0;
        for (Line l : lines) {
            goods = Exact.add(goods, l.gross(), "order total");
        }
        long withShipping = goods;
        for (long s : shipping.values()) {
            withShipping = Exact.add(withShipping, s, "order total with shipping");
        }
        if (discount > goods) {
            throw new CityOsException(ErrorCode.DISCOUNT_EXCEEDS_TOTAL,
                    "discount " + discount + " exceeds the order total " + goods);
        }
    }
}
