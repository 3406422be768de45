package org.cityos.marketplace.payout;

/**
 * The port through which payouts move money (Stripe Connect, a bank file, a person with a
 * spreadsheet). The marketplace commits each payout as {@code pending} before it calls
 * {@link #pay}, and calls it again with the same idempotency key after a crash or when the
 * answer was {@code pending}: an implementation must pay each key at most once.
 */
public interface PayoutProvider {
    /**
     * Pays (or starts paying) one payout. Throwing leaves the payout {@code pending}; it is asked
     * again on the next run.
     */
    PayoutResult pay(PayoutInstruction instruction);
}
