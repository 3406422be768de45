package org.cityos.marketplace.payout;

/**
 * The default provider, for tenants without Stripe: the operator pays outside the system and
 * records the outcome with {@code Payouts.settle}; until then payouts stay {@code processing}.
 * It never claims money moved.
 */
public final class ManualPayoutProvider implements PayoutProvider {
    @Override
    public PayoutResult pay(PayoutInstruction instruction) {
        return PayoutResult.pending(null);
    }
}
