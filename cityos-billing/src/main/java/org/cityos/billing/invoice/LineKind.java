package org.cityos.billing.invoice;

/**
 * What an invoice line is: the plan for the period, proration credit or charge, customer credit
 * applied; on purchase-order invoices, an order line, the order's discount (negative) or a
 * vendor's shipping.
 */
public enum LineKind { PLAN, PRORATION_CREDIT, PRORATION_CHARGE, CREDIT_APPLIED, ORDER_LINE, DISCOUNT, SHIPPING }
