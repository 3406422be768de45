package org.cityos.billing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.cityos.billing.customer.Customers;
import org.cityos.billing.internal.BillingGauges;
import org.cityos.billing.internal.Engine;
import org.cityos.billing.internal.db.Tables;
import org.cityos.billing.invoice.Invoices;
import org.cityos.billing.payment.PaymentGateway;
import org.cityos.billing.plan.Plans;
import org.cityos.billing.run.BillingRun;
import org.cityos.billing.run.Dunning;
import org.cityos.billing.subscription.Subscriptions;
import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;

/**
 * The entry point of CityOS billing, built once from a {@link CityOs} (whose migrations it
 * extends with its own) and a {@link PaymentGateway}; immutable and thread-safe. It hands out the
 * plan, customer, subscription and invoice services, and the billing and dunning runs that a
 * scheduled job calls.
 *
 * <pre>{@code
 * Billing billing = Billing.builder(cityOs).paymentGateway(new StripePaymentGateway(stripe)).build();
 * }</pre>
 */
public final class Billing {
    private final Plans plans;
    private final Customers customers;
    private final Subscriptions subscriptions;
    private final Invoices invoices;
    private final BillingRun run;
    private final Dunning dunning;
    private final CityOs cityOs;
    private final Engine engine;

    private Billing(CityOs cityOs, Engine engine) {
        this.cityOs = cityOs;
        this.engine = engine;
        this.plans = new Plans(engine);
        this.customers = new Customers(engine);
        this.subscriptions = new Subscriptions(engine);
        this.invoices = new Invoices(engine);
        this.run = new BillingRun(engine);
        this.dunning = new Dunning(engine);
    }

    /**
     * Billing with no payment gateway: invoices are issued {@code open} and stay so until the host
     * records a payment made elsewhere ({@link Invoices#markPaid}).
     */
    public static Billing create(CityOs cityOs) {
        return builder(cityOs).build();
    }

    /** Billing collecting through {@code gateway}. */
    public static Billing create(CityOs cityOs, PaymentGateway gateway) {
        return builder(cityOs).paymentGateway(gateway).build();
    }

    public static Builder builder(CityOs cityOs) {
        return new Builder(cityOs);
    }

    /** Plans and prices. */
    public Plans plans() {
        return plans;
    }

    /** Customers, their credit balances, and what they see of their subscriptions and invoices. */
    public Customers customers() {
        return customers;
    }

    public Subscriptions subscriptions() {
        return subscriptions;
    }

    public Invoices invoices() {
        return invoices;
    }

    /** The recurring billing run: issues the invoices of due periods and collects them. */
    public BillingRun run() {
        return run;
    }

    /** The dunning run: retries failed payments on the tenant's schedule. */
    public Dunning dunning() {
        return dunning;
    }

    /** The {@link CityOs} this billing was built on. */
    public CityOs cityOs() {
        return cityOs;
    }

    /**
     * For the B2B services and jobs of this module: the engine the services share. Not part of the
     * public API; its shape may change.
     */
    public Engine engine() {
        return engine;
    }

    /** Configures {@link Billing}; invalid settings fail in {@link #build()}, naming the setting. */
    public static final class Builder {
        private final CityOs cityOs;
        private PaymentGateway gateway;
        private Duration claimLease = Duration.ofMinutes(5);
        private Duration retryableDelay = Duration.ofMinutes(1);

        private Builder(CityOs cityOs) {
            this.cityOs = Objects.requireNonNull(cityOs, "cityOs");
        }

        /** The gateway invoices are collected through (default: none, invoices are paid out of band). */
        public Builder paymentGateway(PaymentGateway gateway) {
            this.gateway = gateway;
            return this;
        }

        /**
         * How long a run owns an attempt it is sending to the gateway (default 5 minutes); past
         * it, a later run sends the attempt again with the same idempotency key.
         */
        public Builder claimLease(Duration lease) {
            this.claimLease = lease;
            return this;
        }

        /** How long after a retryable gateway answer the same attempt is sent again (default 1 minute). */
        public Builder retryableDelay(Duration delay) {
            this.retryableDelay = delay;
            return this;
        }

        /** Validates the settings, runs (or verifies) the billing migrations and returns the instance. */
        public Billing build() {
            if (claimLease == null || claimLease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "claimLease " + claimLease
                        + " must be at least one second");
            }
            if (retryableDelay == null || retryableDelay.isNegative()) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "retryableDelay " + retryableDelay
                        + " must not be negative");
            }
            cityOs.attachModule("billing", Billing.class.getClassLoader(), List.of(Tables.BILLING_PLAN,
                    Tables.BILLING_PLAN_TIER, Tables.BILLING_CUSTOMER, Tables.BILLING_SUBSCRIPTION,
                    Tables.BILLING_INVOICE_COUNTER, Tables.BILLING_INVOICE, Tables.BILLING_INVOICE_LINE,
                    Tables.BILLING_PAYMENT_ATTEMPT, Tables.B2B_COMPANY, Tables.B2B_COMPANY_ADDRESS,
                    Tables.B2B_EMPLOYEE, Tables.B2B_INVITATION, Tables.B2B_QUOTE, Tables.B2B_QUOTE_LINE,
                    Tables.B2B_QUOTE_HISTORY, Tables.B2B_APPROVAL, Tables.B2B_CUSTOMER_GROUP,
                    Tables.B2B_CUSTOMER_GROUP_MEMBER, Tables.B2B_PRICE_LIST, Tables.B2B_PRICE, Tables.B2B_PRICE_TIER),
                    new BillingGauges());
            return new Billing(cityOs, new Engine(cityOs, gateway, claimLease, retryableDelay));
        }
    }
}
