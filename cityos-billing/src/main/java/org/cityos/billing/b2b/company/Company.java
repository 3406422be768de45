package org.cityos.billing.b2b.company;

import java.time.Instant;

import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.PaymentTerms;

/**
 * A company buying from the tenant: its handle and name, the credit limit its open purchase-order
 * invoices plus a new order on terms may not exceed, its payment terms, and whether every order
 * of its employees needs approval.
 */
public record Company(CompanyId id, String handle, String name, long creditLimit, PaymentTerms terms,
                      boolean requiresApproval, Instant createdAt) {
}
