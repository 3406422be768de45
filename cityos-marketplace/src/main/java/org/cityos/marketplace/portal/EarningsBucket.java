package org.cityos.marketplace.portal;

import java.time.LocalDate;

/**
 * A vendor's figures for vendor orders placed in one day, week or month (the bucket's first day,
 * in the tenant's time zone), canceled ones left out: how many, sales ({@code subtotal - discount
 * - refunded + shipping}), commission and the vendor's net, all current (after refunds).
 */
public record EarningsBucket(LocalDate start, long orders, long sales, long commission, long net) {
}
