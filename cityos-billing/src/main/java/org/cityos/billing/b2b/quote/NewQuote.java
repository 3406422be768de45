package org.cityos.billing.b2b.quote;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.cityos.billing.b2b.internal.Checks;
import org.cityos.core.CityOsException;

/** A request for a quote: 1..500 lines with distinct line ids, and an optional first message. */
public record NewQuote(List<NewQuoteLine> lines, Optional<String> message) {
    public NewQuote {
        if (lines == null || lines.isEmpty() || lines.size() > 500) {
            throw CityOsException.invalid("quote lines", lines == null ? null : lines.size(), "must be 1..500 lines");
        }
        lines = List.copyOf(lines);
        Set<String> ids = new HashSet<>();
        for (NewQuoteLine l : lines) {
            if (!ids.add(l.lineId())) {
                throw CityOsException.invalid("line id", l.lineId(), "appears twice in the quote");
            }
        }
        message = message == null ? Optional.empty() : message.map(m -> Checks.text("message", m, 4000));
    }

    public static NewQuote of(NewQuoteLine... lines) {
        return new NewQuote(List.of(lines), Optional.empty());
    }

    public NewQuote withMessage(String text) {
        return new NewQuote(lines, Optional.of(text));
    }
}
