package org.cityos.billing.customer;

import java.util.Objects;
import java.util.Optional;

import org.cityos.billing.CustomerId;
import org.cityos.core.CityOsException;

/**
 * Registers one of the host's customers with billing, optionally with the gateway's customer
 * reference (e.g. Stripe {@code cus_...}) and payment method reference (e.g. {@code pm_...}).
 */
public record NewCustomer(CustomerId id, Optional<String> gatewayCustomerRef, Optional<String> paymentMethodRef) {
    public NewCustomer {
        Objects.requireNonNull(id, "customer id");
        gatewayCustomerRef = checkRef("gateway customer reference", gatewayCustomerRef);
        paymentMethodRef = checkRef("payment method reference", paymentMethodRef);
    }

    /** A customer with no gateway references yet. */
    public static NewCustomer of(CustomerId id) {
        return new NewCustomer(id, Optional.empty(), Optional.empty());
    }

    /** A customer with the gateway's customer and payment method references. */
    public static NewCustomer of(CustomerId id, String gatewayCustomerRef, String paymentMethodRef) {
        return new NewCustomer(id, Optional.ofNullable(gatewayCustomerRef), Optional.ofNullable(paymentMethodRef));
    }

    static Optional<String> checkRef(String what, Optional<String> ref) {
        if (ref == null) {
            return Optional.empty();
        }
        ref.ifPresent(r -> {
            if (r.isBlank() || r.length() > 200 || r.chars().anyMatch(Character::isISOControl)) {
                throw CityOsException.invalid(what, r, "must be 1..200 printable characters");
            }
        });
        return ref;
    }
}
