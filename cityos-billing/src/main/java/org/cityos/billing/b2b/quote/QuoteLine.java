package org.cityos.billing.b2b.quote;

import java.util.OptionalLong;

/** A line of a quote: what the customer asked for (and proposed), and the merchant's current unit price once quoted. */
public record QuoteLine(String lineId, String productId, long quantity, OptionalLong targetUnitPrice,
                        OptionalLong unitPrice) {
}
