package org.cityos.marketplace.payout;

/**
 * The port through which payouts move money (Stripe Connect, a bank file, a person with a
 * spreadsheet). The marketplace commits each payout as {@code pending}, then {@code processing},
 * before it calls {@link #pay}, and calls it again with the same idempotency key after a crash,
 * a throw, or an answer that was not final: an implementation must pay each key at most once
 * (pass the key to the provider, or keep its own record of keys paid).
 */
public interface PayoutProvider {
    /**
     * Pays (or starts paying) one payout. Throwing, or answering {@code pending}, leaves the payout
     * {@code processing}; it is asked again on the next run.
     */
    PayoutResult pay(PayoutInstruction instruction);
}
