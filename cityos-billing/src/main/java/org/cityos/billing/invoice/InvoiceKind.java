package org.cityos.billing.invoice;

/**
 * A {@code period} invoice bills one period in advance; a {@code proration} invoice bills a
 * mid-period change; a {@code purchase_order} invoice bills a B2B order bought on terms.
 */
public enum InvoiceKind { PERIOD, PRORATION, PURCHASE_ORDER }
