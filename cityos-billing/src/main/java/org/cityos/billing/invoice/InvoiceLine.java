package org.cityos.billing.invoice;

import java.util.Optional;
import java.util.OptionalLong;

import org.cityos.billing.PlanId;

/** One invoice line; {@code amount} is signed minor units (credits are negative). */
public record InvoiceLine(int lineNo, LineKind kind, String description, Optional<PlanId> plan,
                          OptionalLong quantity, long amount) {
}
