package org.cityos.billing.internal;

import java.time.ZoneId;
import java.util.UUID;

import org.cityos.billing.rules.DunningSchedule;
import org.cityos.core.TenantId;

/** What billing reads of a tenant: its time zone, currency and dunning schedule. */
public record TenantInfo(TenantId id, ZoneId zone, String currency, DunningSchedule dunning) {
    public UUID uuid() {
        return id.value();
    }
}
