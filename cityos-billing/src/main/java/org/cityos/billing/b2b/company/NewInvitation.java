package org.cityos.billing.b2b.company;

import java.util.OptionalLong;
import java.util.regex.Pattern;

import org.cityos.billing.b2b.internal.Checks;
import org.cityos.core.CityOsException;
import org.cityos.core.tenancy.Validate;

/** An invitation to send: the invitee's e-mail address, their role and optional spending limit. */
public record NewInvitation(String email, EmployeeRole role, OptionalLong spendingLimit) {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");

    public NewInvitation {
        if (email == null || email.length() > 320 || !EMAIL.matcher(email).matches()) {
            throw CityOsException.invalid("invitation email", email, "is not an e-mail address");
        }
        Validate.required("role", role);
        spendingLimit = spendingLimit == null ? OptionalLong.empty() : spendingLimit;
        spendingLimit.ifPresent(l -> Checks.amount("spending limit", l));
    }

    public static NewInvitation of(String email, EmployeeRole role) {
        return new NewInvitation(email, role, OptionalLong.empty());
    }

    public NewInvitation withSpendingLimit(long limit) {
        return new NewInvitation(email, role, OptionalLong.of(limit));
    }
}
