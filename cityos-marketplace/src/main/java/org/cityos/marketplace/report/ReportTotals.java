package org.cityos.marketplace.report;

/**
 * The totals of the rows a commission report wrote: how many vendor orders, and the sums of
 * their amount columns (minor units), so a caller can check them against balances.
 */
public record ReportTotals(long rows, long subtotal, long discount, long refunded, long shipping, long sales,
                           long commission, long vendorNet) {
}
