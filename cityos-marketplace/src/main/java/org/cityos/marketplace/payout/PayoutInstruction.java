package org.cityos.marketplace.payout;

import org.cityos.core.TenantId;
import org.cityos.marketplace.PayoutId;
import org.cityos.marketplace.VendorId;

/**
 * What a {@link PayoutProvider} is asked to pay: an amount in minor units and currency, to the
 * vendor's account at the provider, under an idempotency key that stays the same for every retry
 * of this payout (pass it to the provider, e.g. as Stripe's {@code Idempotency-Key}).
 */
public record PayoutInstruction(TenantId tenant, PayoutId payout, VendorId vendor, String provider,
                                String externalAccountId, long amount, String currency, String idempotencyKey) {
    @Override
    public String toString() {
        // the account id stays out of logs
        return "PayoutInstruction[tenant=" + tenant + ", payout=" + payout + ", vendor=" + vendor + ", provider="
                + provider + ", amount=" + amount + " " + currency + ", key=" + idempotencyKey + "]";
    }
}
