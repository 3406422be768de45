package org.cityos.billing.stripe;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import org.cityos.billing.payment.ChargeRequest;
import org.cityos.billing.payment.ChargeResult;
import org.cityos.billing.payment.PaymentGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PaymentGateway} on Stripe: each attempt creates and confirms a PaymentIntent off-session
 * for the customer's {@code cus_...} with the payment method on file (the request's reference,
 * else the customer's {@code invoice_settings.default_payment_method}), sending the attempt's
 * idempotency key as Stripe's {@code Idempotency-Key}. Card declines are {@code Declined},
 * {@code authentication_required} and {@code requires_action} are {@code ActionRequired}, rate
 * limits, network and Stripe-side errors are {@code Retryable}. Needs {@code com.stripe:stripe-java}.
 */
public final class StripePaymentGateway implements PaymentGateway {
    private static final Logger LOG = LoggerFactory.getLogger(StripePaymentGateway.class);
    private final StripeClient client;

    /** A gateway on a configured client (API key, and for tests an API base: {@code StripeClient.builder().setApiBase(...)}). */
    public StripePaymentGateway(StripeClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** A gateway with a client for {@code apiKey}; retries are left to billing (same key, later run). */
    public static StripePaymentGateway withApiKey(String apiKey) {
        return new StripePaymentGateway(StripeClient.builder().setApiKey(apiKey).setMaxNetworkRetries(0).build());
    }

    @Override
    public ChargeResult charge(ChargeRequest request) {
        Optional<String> customer = request.gatewayCustomerRef();
        if (customer.isEmpty()) {
            return new ChargeResult.Declined("no_gateway_customer", "customer " + request.customer()
                    + " has no Stripe customer reference", Optional.empty());
        }
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(request.idempotencyKey()).build();
        try {
            String method = request.paymentMethodRef().orElse(null);
            if (method == null) {
                Customer c = client.v1().customers().retrieve(customer.get());
                method = c.getInvoiceSettings() == null ? null : c.getInvoiceSettings().getDefaultPaymentMethod();
                if (method == null) {
                    return new ChargeResult.Declined("no_payment_method", "Stripe customer " + customer.get()
                            + " has no default payment method", Optional.empty());
                }
            }
            PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                    .setAmount(request.amount())
                    .setCurrency(request.currency().toLowerCase(Locale.ROOT))
                    .setCustomer(customer.get())
                    .setPaymentMethod(method)
                    .setConfirm(true)
                    .setOffSession(true)
                    .setDescription(request.invoiceNumber())
                    .putMetadata("cityos_tenant", request.tenant().toString())
                    .putMetadata("cityos_invoice", request.invoice().toString())
                    .putMetadata("cityos_attempt", Integer.toString(request.attempt()))
                    .build();
            return map(client.v1().paymentIntents().create(params, options));
        } catch (CardException e) {
            String pi = e.getStripeError() == null || e.getStripeError().getPaymentIntent() == null ? null
                    : e.getStripeError().getPaymentIntent().getId();
            if ("authentication_required".equals(e.getCode())) {
                return new ChargeResult.ActionRequired(e.getCode(), e.getUserMessage(), Optional.ofNullable(pi));
            }
            String code = e.getDeclineCode() != null ? e.getDeclineCode() : e.getCode();
            return new ChargeResult.Declined(code == null ? "card_error" : code, e.getUserMessage(),
                    Optional.ofNullable(pi));
        } catch (RateLimitException e) {
            return new ChargeResult.Retryable("rate_limit", e.getUserMessage());
        } catch (IdempotencyException e) {
            // the same key is in flight elsewhere, or was used with other parameters: try again later
            LOG.warn("Stripe refused idempotency key {}: {}", request.idempotencyKey(), e.getUserMessage());
            return new ChargeResult.Retryable("idempotency_error", e.getUserMessage());
        } catch (ApiConnectionException | ApiException e) {
            return new ChargeResult.Retryable("stripe_unavailable", e.getUserMessage());
        } catch (InvalidRequestException e) {
            return new ChargeResult.Declined(e.getCode() == null ? "invalid_request" : e.getCode(), e.getUserMessage(),
                    Optional.empty());
        } catch (StripeException e) {
            // authentication, permission: a configuration fault, not the customer's; keep the attempt
            LOG.error("Stripe call for invoice {} failed: {} {}", request.invoiceNumber(), e.getClass().getSimpleName(),
                    e.getUserMessage());
            return new ChargeResult.Retryable(e.getCode() == null ? "stripe_error" : e.getCode(), e.getUserMessage());
        }
    }

    private static ChargeResult map(PaymentIntent pi) {
        String status = pi.getStatus() == null ? "unknown" : pi.getStatus();
        switch (status) {
            case "succeeded":
                return new ChargeResult.Succeeded(pi.getId());
            case "requires_action":
                return new ChargeResult.ActionRequired("authentication_required",
                        "the customer must authenticate the payment", Optional.of(pi.getId()));
            case "processing":
                // not final yet: sent again later with the same key, it answers the same intent
                return new ChargeResult.Retryable("processing", "payment " + pi.getId() + " is processing");
            default:
                String code = pi.getLastPaymentError() != null && pi.getLastPaymentError().getCode() != null
                        ? pi.getLastPaymentError().getCode() : status;
                return new ChargeResult.Declined(code, "payment " + pi.getId() + " ended " + status,
                        Optional.of(pi.getId()));
        }
    }
}
