package org.cityos.billing.b2b.quote;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of a quote's history, in order: a move (from, to) or a message, by which side and
 * author, with its message; a move to {@code quoted} keeps the unit prices it proposed per line id
 * and its {@code validUntil}, so earlier rounds of a negotiation stay readable.
 */
public record QuoteEntry(int seq, Kind kind, Optional<QuoteStatus> from, Optional<QuoteStatus> to, QuoteSide side,
                         String author, Optional<String> message, Map<String, Long> prices,
                         Optional<Instant> validUntil, Instant at) {
    /** A status move, or a message that moves nothing. */
    public enum Kind { MOVE, MESSAGE }

    public QuoteEntry {
        prices = Map.copyOf(prices);
    }
}
