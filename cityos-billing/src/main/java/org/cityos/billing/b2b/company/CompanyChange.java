package org.cityos.billing.b2b.company;

import java.util.Optional;
import java.util.OptionalLong;

import org.cityos.billing.b2b.PaymentTerms;
import org.cityos.billing.b2b.internal.Checks;
import org.cityos.core.tenancy.Validate;

/**
 * A change to a company: only what is present changes. The credit limit and the terms are the
 * merchant's to set; a company admin may change the name and the approval setting.
 */
public record CompanyChange(Optional<String> name, OptionalLong creditLimit, Optional<PaymentTerms> terms,
                            Optional<Boolean> requiresApproval) {
    public CompanyChange {
        name = name == null ? Optional.empty() : name.map(n -> Validate.name("company name", n));
        creditLimit = creditLimit == null ? OptionalLong.empty() : creditLimit;
        creditLimit.ifPresent(l -> Checks.amount("credit limit", l));
        terms = terms == null ? Optional.empty() : terms;
        requiresApproval = requiresApproval == null ? Optional.empty() : requiresApproval;
    }

    /** No change; add what should change with the other methods. */
    public static CompanyChange none() {
        return new CompanyChange(Optional.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty());
    }

    public CompanyChange name(String n) {
        return new CompanyChange(Optional.of(n), creditLimit, terms, requiresApproval);
    }

    public CompanyChange creditLimit(long limit) {
        return new CompanyChange(name, OptionalLong.of(limit), terms, requiresApproval);
    }

    public CompanyChange terms(PaymentTerms t) {
        return new CompanyChange(name, creditLimit, Optional.of(t), requiresApproval);
    }

    public CompanyChange requiresApproval(boolean required) {
        return new CompanyChange(name, creditLimit, terms, Optional.of(required));
    }
}
