package org.cityos.billing.customer;

import java.util.Optional;

import org.cityos.billing.CustomerId;

/**
 * A customer as billing knows them: the host's id, the payment gateway's customer and payment
 * method references, and the credit balance (minor units) that the next invoices consume first.
 */
public record BillingCustomer(CustomerId id, Optional<String> gatewayCustomerRef, Optional<String> paymentMethodRef,
                              long creditBalance) {
}
