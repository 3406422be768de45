package org.cityos.billing.b2b.pricing;

import java.util.Objects;

import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.CustomerGroupId;

/** Whom a price list applies to: every employee of one company, or every member of one customer group. */
public sealed interface PriceListTarget {
    static PriceListTarget company(CompanyId id) {
        return new Company(id);
    }

    static PriceListTarget group(CustomerGroupId id) {
        return new Group(id);
    }

    /** The employees of a company. */
    record Company(CompanyId id) implements PriceListTarget {
        public Company {
            Objects.requireNonNull(id, "company");
        }
    }

    /** The members of a customer group. */
    record Group(CustomerGroupId id) implements PriceListTarget {
        public Group {
            Objects.requireNonNull(id, "customer group");
        }
    }
}
