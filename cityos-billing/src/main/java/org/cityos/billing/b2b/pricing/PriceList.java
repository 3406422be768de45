package org.cityos.billing.b2b.pricing;

import java.time.Instant;

import org.cityos.billing.b2b.PriceListId;

/** A volume price list: per-product prices (flat or tiered, as plans price) for one company or customer group. */
public record PriceList(PriceListId id, String code, String name, PriceListTarget target, PriceListStatus status,
                        Instant createdAt) {
}
