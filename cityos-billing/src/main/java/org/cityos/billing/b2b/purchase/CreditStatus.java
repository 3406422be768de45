package org.cityos.billing.b2b.purchase;

import org.cityos.billing.b2b.CompanyId;

/**
 * A company's credit as of now: its limit, what its open purchase-order invoices still owe
 * ({@code outstanding}), what is left for new orders on terms ({@code available}, never below 0),
 * and the part of the outstanding that is past due.
 */
public record CreditStatus(CompanyId company, String currency, long creditLimit, long outstanding, long available,
                           long overdue, int overdueInvoices) {
}
