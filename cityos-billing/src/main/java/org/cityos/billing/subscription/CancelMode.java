package org.cityos.billing.subscription;

/** When a cancellation takes effect: at the end of the current period, or now (no refund in v1). */
public enum CancelMode { AT_PERIOD_END, NOW }
