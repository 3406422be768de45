package org.cityos.marketplace.payout;

/**
 * A provider that reports every payout paid at once, for demos, scenario runs and tests; it moves
 * no money. Its reference is derived from the idempotency key, so retries give the same answer.
 */
public final class AlwaysPaysProvider implements PayoutProvider {
    @Override
    public PayoutResult pay(PayoutInstruction instruction) {
        return PayoutResult.paid("always-pays:" + instruction.idempotencyKey());
    }
}
