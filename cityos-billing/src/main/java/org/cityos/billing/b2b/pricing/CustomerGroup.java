package org.cityos.billing.b2b.pricing;

import java.time.Instant;

import org.cityos.billing.b2b.CustomerGroupId;

/** A named set of the tenant's customers ("wholesale", "gold") that price lists can target. */
public record CustomerGroup(CustomerGroupId id, String code, String name, Instant createdAt) {
}
