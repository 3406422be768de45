package org.cityos.billing.b2b.pricing;

import java.util.List;
import java.util.OptionalLong;

import org.cityos.billing.b2b.PriceListId;
import org.cityos.marketplace.order.NewOrderLine;

/**
 * The lowest price a buyer's price lists give for a quantity of a product: the {@code amount} for
 * the whole quantity (minor units) and the list it comes from.
 */
public record ResolvedPrice(String productId, long quantity, long amount, PriceListId priceList) {
    /** The unit price, when the amount divides evenly by the quantity (tier flat fees or graduated bands may not). */
    public OptionalLong unitPrice() {
        return amount % quantity == 0 ? OptionalLong.of(amount / quantity) : OptionalLong.empty();
    }

    /**
     * Order lines charging exactly {@code amount}: one line at the unit price when it divides
     * evenly, otherwise {@code quantity - r} units at {@code amount / quantity} and {@code r} units
     * one minor unit dearer (line id {@code lineId + "-2"}), where {@code r = amount % quantity}.
     */
    public List<NewOrderLine> orderLines(String lineId) {
        long unit = amount / quantity;
        long rest = amount % quantity;
        if (rest == 0) {
            return List.of(NewOrderLine.of(lineId, productId, quantity, unit));
        }
        return List.of(NewOrderLine.of(lineId, productId, quantity - rest, unit),
                NewOrderLine.of(lineId + "-2", productId, rest, unit + 1));
    }
}
