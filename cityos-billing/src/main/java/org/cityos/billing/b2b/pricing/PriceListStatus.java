package org.cityos.billing.b2b.pricing;

/** An active price list applies; an archived one keeps its prices but applies to no one. */
public enum PriceListStatus { ACTIVE, ARCHIVED }
