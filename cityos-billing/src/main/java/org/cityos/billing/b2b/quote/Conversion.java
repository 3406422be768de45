package org.cityos.billing.b2b.quote;

import java.util.Optional;

import org.cityos.billing.b2b.internal.Checks;
import org.cityos.core.CityOsException;

/**
 * How an accepted quote becomes an order: the host's order id, and whether it is bought on the
 * company's terms (with the buyer's PO number) or paid now.
 */
public record Conversion(String orderId, boolean onTerms, Optional<String> poNumber) {
    public Conversion {
        Checks.id("order id", orderId);
        poNumber = poNumber == null ? Optional.empty() : poNumber.map(p -> Checks.text("PO number", p, 100));
        if (!onTerms && poNumber.isPresent()) {
            throw CityOsException.invalid("PO number", poNumber.get(), "is only for orders on terms");
        }
    }

    public static Conversion onTerms(String orderId, String poNumber) {
        return new Conversion(orderId, true, Optional.of(poNumber));
    }

    public static Conversion paidNow(String orderId) {
        return new Conversion(orderId, false, Optional.empty());
    }
}
