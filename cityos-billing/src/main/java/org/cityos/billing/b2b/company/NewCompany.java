package org.cityos.billing.b2b.company;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.PaymentTerms;
import org.cityos.billing.b2b.internal.Checks;
import org.cityos.core.tenancy.Validate;

/**
 * A company to create, with its first {@code admin} (a customer id); {@link #of} gives a credit
 * limit of 0 (no buying on terms), {@code net_30} and no approval for every order.
 */
public record NewCompany(String handle, String name, long creditLimit, PaymentTerms terms, boolean requiresApproval,
                         CustomerId admin) {
    public NewCompany {
        Validate.handle("company handle", handle);
        name = Validate.name("company name", name);
        Checks.amount("credit limit", creditLimit);
        Validate.required("payment terms", terms);
        Validate.required("admin", admin);
    }

    public static NewCompany of(String handle, String name, CustomerId admin) {
        return new NewCompany(handle, name, 0, PaymentTerms.NET_30, false, admin);
    }

    public NewCompany withCreditLimit(long limit) {
        return new NewCompany(handle, name, limit, terms, requiresApproval, admin);
    }

    public NewCompany withTerms(PaymentTerms t) {
        return new NewCompany(handle, name, creditLimit, t, requiresApproval, admin);
    }

    /** This company with approval required (or not) for every order. */
    public NewCompany requiringApproval(boolean required) {
        return new NewCompany(handle, name, creditLimit, terms, required, admin);
    }
}
