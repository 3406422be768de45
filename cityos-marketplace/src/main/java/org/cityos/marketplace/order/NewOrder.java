package org.cityos.marketplace.order;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.cityos.marketplace.VendorRef;

/**
 * An order as the host places it: the host's order id (unique in the tenant), its lines, an
 * order-level discount shared over all lines, and shipping per vendor (never discounted; keys
 * must be vendors with lines in the order). Shipping keeps the order it was given in, which is
 * the order its amounts are checked in.
 */
public record NewOrder(String orderId, List<NewOrderLine> lines, long discount, Map<VendorRef, Long> shipping) {
    public NewOrder {
        lines = lines == null ? List.of() : List.copyOf(lines);
        shipping = shipping == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(shipping));
    }

    /** An order with these lines, no discount and no shipping. */
    public static NewOrder of(String orderId, NewOrderLine... lines) {
        return new NewOrder(orderId, List.of(lines), 0, Map.of());
    }

    /** This order with an order-level discount. */
    public NewOrder withDiscount(long amount) {
        return new NewOrder(orderId, lines, amount, shipping);
    }

    /** This order with a shipping charge for one vendor added. */
    public NewOrder withShipping(VendorRef vendor, long amount) {
        Objects.requireNonNull(vendor, "vendor");
        Map<VendorRef, Long> m = new LinkedHashMap<>(shipping);
        m.put(vendor, amount);
        return new NewOrder(orderId, lines, discount, m);
    }
}
