package org.cityos.billing.invoice;

/** What an invoice line is: the plan for the period, proration credit or charge, or customer credit applied. */
public enum LineKind { PLAN, PRORATION_CREDIT, PRORATION_CHARGE, CREDIT_APPLIED }
