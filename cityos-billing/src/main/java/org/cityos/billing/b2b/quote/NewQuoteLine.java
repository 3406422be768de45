package org.cityos.billing.b2b.quote;

import java.util.OptionalLong;

import org.cityos.billing.b2b.internal.Checks;

/** A line the customer asks a price for: the host's line and product ids, a quantity, and optionally the unit price they propose. */
public record NewQuoteLine(String lineId, String productId, long quantity, OptionalLong targetUnitPrice) {
    public NewQuoteLine {
        Checks.id("line id", lineId);
        Checks.id("product id", productId);
        Checks.quantity("quantity of line '" + lineId + "'", quantity);
        targetUnitPrice = targetUnitPrice == null ? OptionalLong.empty() : targetUnitPrice;
        targetUnitPrice.ifPresent(p -> Checks.amount("target unit price of line '" + lineId + "'", p));
    }

    public static NewQuoteLine of(String lineId, String productId, long quantity) {
        return new NewQuoteLine(lineId, productId, quantity, OptionalLong.empty());
    }

    /** This line with the unit price the customer proposes. */
    public NewQuoteLine withTarget(long unitPrice) {
        return new NewQuoteLine(lineId, productId, quantity, OptionalLong.of(unitPrice));
    }
}
