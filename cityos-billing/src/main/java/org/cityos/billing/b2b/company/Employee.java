package org.cityos.billing.b2b.company;

import java.time.Instant;
import java.util.OptionalLong;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.CompanyId;

/**
 * One of the tenant's customers working for a company, with a role and an optional per-order
 * spending limit (minor units) above which their orders need approval.
 */
public record Employee(CustomerId customer, CompanyId company, EmployeeRole role, OptionalLong spendingLimit,
                       Instant since) {
}
