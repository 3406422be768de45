package org.cityos.billing.b2b.company;

import java.util.Locale;

import org.cityos.core.CityOsException;

/**
 * An employee's role in a company: {@code admin} (manages employees, addresses and invitations,
 * buys and decides approvals), {@code buyer} (buys and asks for quotes), {@code approver} (decides
 * approval requests).
 */
public enum EmployeeRole {
    ADMIN, BUYER, APPROVER;

    /** The wire form, e.g. {@code buyer}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may place orders and ask for quotes. */
    public boolean buys() {
        return this != APPROVER;
    }

    /** Whether this role may decide approval requests. */
    public boolean decides() {
        return this != BUYER;
    }

    /** Parses the wire form; {@code invalid_argument} naming the text otherwise. */
    public static EmployeeRole of(String code) {
        for (EmployeeRole r : values()) {
            if (r.code().equals(code)) {
                return r;
            }
        }
        throw CityOsException.invalid("employee role", code, "must be admin, buyer or approver");
    }
}
