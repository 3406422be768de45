package org.cityos.sync.webhook;

/** Where a delivery is: {@code PENDING} (being tried), {@code SUCCEEDED} (a 2xx), {@code FAILED} (given up). */
public enum DeliveryStatus { PENDING, SUCCEEDED, FAILED }
