/**
 * Stripe Connect for the marketplace, on the official {@code stripe-java} library (an optional
 * dependency: add {@code com.stripe:stripe-java} to use this package): Express onboarding, the
 * {@code account.updated} webhook, payouts as Transfers, and transfer reversals after refunds.
 */
package org.cityos.marketplace.stripe;
