package org.cityos.billing.run;

/**
 * What one run did: invoices issued, subscriptions canceled at period end, collection attempts
 * sent to the gateway and how they ended (paid, failed, retryable: left pending for a later run).
 */
public record RunReport(int invoicesIssued, int subscriptionsCanceled, int chargesAttempted, int paid, int failed,
                        int retryable) {
    /** Nothing done. */
    public static final RunReport EMPTY = new RunReport(0, 0, 0, 0, 0, 0);

    public RunReport plus(RunReport o) {
        return new RunReport(invoicesIssued + o.invoicesIssued, subscriptionsCanceled + o.subscriptionsCanceled,
                chargesAttempted + o.chargesAttempted, paid + o.paid, failed + o.failed, retryable + o.retryable);
    }
}
