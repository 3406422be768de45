package org.cityos.marketplace.payout;

/**
 * Hears how far a payout run is in handing its payouts to the provider (for a progress bar).
 * Called on the running thread after each payout; must be quick and must not throw.
 */
@FunctionalInterface
public interface PayoutRunListener {
    /** A listener that ignores everything. */
    PayoutRunListener NONE = (done, total) -> { };

    /** {@code done} of {@code total} payouts have been asked about. */
    void progress(int done, int total);
}
