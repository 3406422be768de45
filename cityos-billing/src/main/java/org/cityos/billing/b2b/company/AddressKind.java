package org.cityos.billing.b2b.company;

/** What a company address is for. */
public enum AddressKind { BILLING, SHIPPING }
