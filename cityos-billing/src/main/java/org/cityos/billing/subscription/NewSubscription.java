package org.cityos.billing.subscription;

import java.util.Objects;

import org.cityos.billing.CustomerId;
import org.cityos.billing.PlanId;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;

/** Subscribes a registered customer to a plan for {@code quantity} units ({@code invalid_amount} below 1). */
public record NewSubscription(CustomerId customer, PlanId plan, long quantity) {
    public NewSubscription {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(plan, "plan");
        if (quantity < 1) {
            throw new CityOsException(ErrorCode.INVALID_AMOUNT, "quantity '" + quantity + "' must be at least 1");
        }
    }

    public static NewSubscription of(CustomerId customer, PlanId plan) {
        return new NewSubscription(customer, plan, 1);
    }
}
