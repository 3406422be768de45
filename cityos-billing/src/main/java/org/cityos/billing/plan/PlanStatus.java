package org.cityos.billing.plan;

/** A plan is {@code active} (takes new subscriptions) or {@code archived} (keeps the ones it has). */
public enum PlanStatus { ACTIVE, ARCHIVED }
