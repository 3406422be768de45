package org.cityos.billing.payment;

/**
 * The port billing collects invoices through. {@link #charge} is called outside any database
 * transaction, once per attempt; the same attempt may be sent again with the same
 * {@link ChargeRequest#idempotencyKey()} after a crash or a retryable answer, and the gateway must
 * then return the first result rather than charge twice. It should answer with a
 * {@link ChargeResult} rather than throw; an exception counts as {@link ChargeResult.Retryable}.
 */
@FunctionalInterface
public interface PaymentGateway {
    /** Collects {@code request.amount()} from the customer off-session. */
    ChargeResult charge(ChargeRequest request);
}
