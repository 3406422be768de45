package org.cityos.billing.b2b.quote;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;

/**
 * {@code requested -> quoted -> accepted -> converted}; {@code quoted -> requested} (the customer
 * asks for changes); {@code requested | quoted -> rejected} (either side); {@code quoted -> expired}
 * past {@code valid_until}. Any other move is {@code invalid_transition}.
 */
public enum QuoteStatus {
    REQUESTED, QUOTED, ACCEPTED, CONVERTED, REJECTED, EXPIRED;

    private static final Map<QuoteStatus, Set<QuoteStatus>> MOVES = Map.of(
            REQUESTED, Set.of(QUOTED, REJECTED),
            QUOTED, Set.of(REQUESTED, ACCEPTED, REJECTED, EXPIRED),
            ACCEPTED, Set.of(CONVERTED),
            CONVERTED, Set.of(),
            REJECTED, Set.of(),
            EXPIRED, Set.of());

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static QuoteStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** Whether the lifecycle allows the move to {@code to}. */
    public boolean canMoveTo(QuoteStatus to) {
        return MOVES.get(this).contains(to);
    }

    /** Raises {@code invalid_transition} naming the quote and both statuses unless the move is allowed. */
    public void checkMoveTo(QuoteStatus to, Object quote) {
        if (!canMoveTo(to)) {
            throw new CityOsException(ErrorCode.INVALID_TRANSITION, "quote " + quote + " is " + code()
                    + " and cannot become " + to.code());
        }
    }

    /** Whether nothing can happen to the quote any more. */
    public boolean isFinal() {
        return MOVES.get(this).isEmpty();
    }
}
