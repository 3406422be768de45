package org.cityos.billing.b2b.company;

import java.util.OptionalLong;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.internal.Checks;
import org.cityos.core.tenancy.Validate;

/**
 * An employee to add to a company (or the new role and limit of one it has): a negative spending
 * limit is {@code invalid_amount}; none means no limit.
 */
public record NewEmployee(CustomerId customer, EmployeeRole role, OptionalLong spendingLimit) {
    public NewEmployee {
        Validate.required("customer", customer);
        Validate.required("role", role);
        spendingLimit = spendingLimit == null ? OptionalLong.empty() : spendingLimit;
        spendingLimit.ifPresent(l -> Checks.amount("spending limit", l));
    }

    /** An employee with no spending limit. */
    public static NewEmployee of(CustomerId customer, EmployeeRole role) {
        return new NewEmployee(customer, role, OptionalLong.empty());
    }

    /** This employee with a per-order spending limit. */
    public NewEmployee withSpendingLimit(long limit) {
        return new NewEmployee(customer, role, OptionalLong.of(limit));
    }
}
