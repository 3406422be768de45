package org.cityos.billing.invoice;

/** A {@code period} invoice bills one period in advance; a {@code proration} invoice bills a mid-period change. */
public enum InvoiceKind { PERIOD, PRORATION }
