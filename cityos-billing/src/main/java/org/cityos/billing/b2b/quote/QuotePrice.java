package org.cityos.billing.b2b.quote;

import org.cityos.billing.b2b.internal.Checks;

/** The merchant's proposed unit price for one line of a quote. */
public record QuotePrice(String lineId, long unitPrice) {
    public QuotePrice {
        Checks.id("line id", lineId);
        Checks.amount("unit price of line '" + lineId + "'", unitPrice);
    }

    public static QuotePrice of(String lineId, long unitPrice) {
        return new QuotePrice(lineId, unitPrice);
    }
}
