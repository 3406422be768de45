package org.cityos.marketplace.payout;

/**
 * The default provider: payouts stay {@code pending} until an operator has paid them by hand and
 * records the outcome with {@code Payouts.settle}. It never claims money moved.
 */
public final class ManualPayoutProvider implements PayoutProvider {
    @Override
    public PayoutResult pay(PayoutInstruction instruction) {
        return PayoutResult.pending(null);
    }
}
