package org.cityos.billing.subscription;

import java.util.Optional;
import java.util.OptionalLong;

import org.cityos.billing.PlanId;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;

/** A change of plan, of quantity, or both, effective at once with proration. */
public record SubscriptionChange(Optional<PlanId> plan, OptionalLong quantity) {
    public SubscriptionChange {
        plan = plan == null ? Optional.empty() : plan;
        quantity = quantity == null ? OptionalLong.empty() : quantity;
        if (plan.isEmpty() && quantity.isEmpty()) {
            throw CityOsException.invalid("change", "{}", "must name a plan or a quantity");
        }
        if (quantity.isPresent() && quantity.getAsLong() < 1) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, "quantity '" + quantity.getAsLong()
                    + "' must be at least 1");
        }
    }

    public static SubscriptionChange toPlan(PlanId plan) {
        return new SubscriptionChange(Optional.of(plan), OptionalLong.empty());
    }

    public static SubscriptionChange toQuantity(long quantity) {
        return new SubscriptionChange(Optional.empty(), OptionalLong.of(quantity));
    }

    public static SubscriptionChange to(PlanId plan, long quantity) {
        return new SubscriptionChange(Optional.of(plan), OptionalLong.of(quantity));
    }
}
