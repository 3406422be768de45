package org.cityos.billing.b2b.purchase;

import java.util.Optional;

import org.cityos.billing.b2b.internal.Checks;
import org.cityos.core.CityOsException;
import org.cityos.core.tenancy.Validate;
import org.cityos.marketplace.order.NewOrder;

/**
 * What a company's employee buys: a marketplace order (lines at the prices the host charges, e.g.
 * from the price resolver), paid now (the host collects at checkout) or on the company's terms,
 * with the buyer's PO number (1-100 characters) on its invoice. A PO number on an order not on
 * terms is {@code invalid_argument}.
 */
public record PurchaseRequest(NewOrder order, boolean onTerms, Optional<String> poNumber) {
    public PurchaseRequest {
        Validate.required("order", order);
        poNumber = poNumber == null ? Optional.empty() : poNumber.map(p -> Checks.text("PO number", p, 100));
        if (!onTerms && poNumber.isPresent()) {
            throw CityOsException.invalid("PO number", poNumber.get(), "is only for orders on terms");
        }
    }

    /** An order on the company's terms with the buyer's PO number. */
    public static PurchaseRequest onTerms(NewOrder order, String poNumber) {
        return new PurchaseRequest(order, true, Optional.of(poNumber));
    }

    /** An order on the company's terms without a PO number. */
    public static PurchaseRequest onTerms(NewOrder order) {
        return new PurchaseRequest(order, true, Optional.empty());
    }

    /** An order the host collects at checkout (no invoice, no credit used). */
    public static PurchaseRequest paidNow(NewOrder order) {
        return new PurchaseRequest(order, false, Optional.empty());
    }
}
