package org.cityos.billing.b2b;

import java.util.Objects;

import org.cityos.billing.CustomerId;

/**
 * Who a B2B call acts for, beside the {@link org.cityos.core.TenantContext}'s principal (which the
 * audit log records): the tenant's merchant staff, or one of a company's employees, whom the host
 * has authenticated and names by customer id. The rules say which side may do what.
 */
public sealed interface Actor {
    /** The merchant (the tenant's own staff or back office). */
    static Actor merchant() {
        return Merchant.INSTANCE;
    }

    /** An employee of a company, by the host's customer id. */
    static Actor employee(CustomerId customer) {
        return new Employee(customer);
    }

    /** The merchant side. */
    enum Merchant implements Actor {
        INSTANCE;

        @Override
        public String toString() {
            return "merchant";
        }
    }

    /** A company employee. */
    record Employee(CustomerId customer) implements Actor {
        public Employee {
            Objects.requireNonNull(customer, "customer");
        }

        @Override
        public String toString() {
            return "customer:" + customer;
        }
    }
}
