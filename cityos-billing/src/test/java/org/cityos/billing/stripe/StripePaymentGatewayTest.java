package org.cityos.billing.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.stripe.StripeClient;
import org.cityos.billing.Billing;
import org.cityos.billing.BillingFixture;
import org.cityos.billing.CustomerId;
import org.cityos.billing.InvoiceId;
import org.cityos.billing.customer.NewCustomer;
import org.cityos.billing.invoice.Invoice;
import org.cityos.billing.invoice.InvoiceStatus;
import org.cityos.billing.payment.ChargeRequest;
import org.cityos.billing.payment.ChargeResult;
import org.cityos.billing.payment.PaymentGateway;
import org.cityos.billing.plan.Plan;
import org.cityos.billing.subscription.NewSubscription;
import org.cityos.core.Json;
import org.cityos.core.TenantId;
import org.cityos.testkit.DatabaseKind;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Stripe adapter against a local WireMock server that answers with Stripe's own example
 * objects (fixtures3.json) and its error envelope.
 */
class StripePaymentGatewayTest {
    private WireMockServer stripe;
    private StripePaymentGateway gateway;

    @BeforeEach
    void start() {
        stripe = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        stripe.start();
        gateway = new StripePaymentGateway(StripeClient.builder().setApiKey("sk_test_cityos")
                .setApiBase("http://127.0.0.1:" + stripe.port()).setMaxNetworkRetries(0).build());
    }

    @AfterEach
    void stop() {
        stripe.stop();
    }

    private static ObjectNode fixture(String name) {
        try (InputStream in = StripePaymentGatewayTest.class.getResourceAsStream("/stripe/" + name + ".json")) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stripe's example PaymentIntent as this charge would leave it. */
    private static ObjectNode intent(String id, String status, long amount, String customer) {
        ObjectNode pi = fixture("payment_intent");
        pi.put("id", id).put("status", status).put("amount", amount).put("currency", "sar").put("customer", customer)
                .put("payment_method", "pm_card").put("amount_received", "succeeded".equals(status) ? amount : 0);
        pi.putNull("last_payment_error");
        pi.putNull("next_action");
        pi.putNull("canceled_at");
        return pi;
    }

    private static String cardError(String code, String declineCode, String message, ObjectNode pi) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        ObjectNode e = error.putObject("error");
        e.put("type", "card_error").put("code", code).put("message", message).putNull("param");
        if (declineCode != null) {
            e.put("decline_code", declineCode);
        }
        e.set("payment_intent", pi);
        return error.toString();
    }

    private static ChargeRequest request(String customer, String method, String key) {
        return new ChargeRequest(new TenantId(UUID.randomUUID()), new InvoiceId(UUID.randomUUID()), "INV-000007", 1,
                key, CustomerId.of("c1"), Optional.ofNullable(customer), Optional.ofNullable(method), 1500, "SAR");
    }

    private void answer(String customer, int status, String body) {
        stripe.stubFor(post(urlEqualTo("/v1/payment_intents")).withRequestBody(containing("customer=" + customer))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withHeader("Request-Id", "req_test").withBody(body)));
    }

    @Test
    void a_successful_charge_confirms_off_session_with_the_idempotency_key() {
        answer("cus_ok", 200, intent("pi_ok", "succeeded", 1500, "cus_ok").toString());
        ChargeResult r = gateway.charge(request("cus_ok", "pm_card", "cityos-k-1"));
        assertThat(r).isEqualTo(new ChargeResult.Succeeded("pi_ok"));
        stripe.verify(postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withHeader("Idempotency-Key", equalTo("cityos-k-1"))
                .withHeader("Authorization", equalTo("Bearer sk_test_cityos"))
                .withRequestBody(containing("amount=1500"))
                .withRequestBody(containing("currency=sar"))
                .withRequestBody(containing("confirm=true"))
                .withRequestBody(containing("off_session=true"))
                .withRequestBody(containing("payment_method=pm_card")));
    }

    @Test
    void without_a_payment_method_it_uses_the_customers_default_one() {
        ObjectNode customer = fixture("customer");
        customer.put("id", "cus_default");
        ((ObjectNode) customer.get("invoice_settings")).put("default_payment_method", "pm_default");
        stripe.stubFor(get(urlEqualTo("/v1/customers/cus_default")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(customer.toString())));
        answer("cus_default", 200, intent("pi_default", "succeeded", 1500, "cus_default").toString());
        assertThat(gateway.charge(request("cus_default", null, "k-default")))
                .isEqualTo(new ChargeResult.Succeeded("pi_default"));
        stripe.verify(postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withRequestBody(containing("payment_method=pm_default")));

        ObjectNode bare = fixture("customer"); // Stripe's example has no default payment method
        stripe.stubFor(get(urlEqualTo("/v1/customers/cus_bare")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(bare.toString())));
        assertThat(gateway.charge(request("cus_bare", null, "k-bare"))).isInstanceOfSatisfying(
                ChargeResult.Declined.class, d -> assertThat(d.code()).isEqualTo("no_payment_method"));
    }

    @Test
    void a_card_decline_is_declined_with_the_decline_code() {
        ObjectNode pi = intent("pi_declined", "requires_payment_method", 1500, "cus_declined");
        answer("cus_declined", 402, cardError("card_declined", "insufficient_funds", "Your card has insufficient funds.", pi));
        assertThat(gateway.charge(request("cus_declined", "pm_card", "k-declined"))).isEqualTo(
                new ChargeResult.Declined("insufficient_funds", "Your card has insufficient funds.",
                        Optional.of("pi_declined")));
    }

    @Test
    void authentication_required_and_requires_action_ask_the_customer_to_act() {
        ObjectNode pi = intent("pi_auth", "requires_payment_method", 1500, "cus_auth");
        answer("cus_auth", 402, cardError("authentication_required", "authentication_required",
                "Your card was declined. This transaction requires authentication.", pi));
        assertThat(gateway.charge(request("cus_auth", "pm_card", "k-auth"))).isInstanceOfSatisfying(
                ChargeResult.ActionRequired.class, a -> {
                    assertThat(a.code()).isEqualTo("authentication_required");
                    assertThat(a.reference()).contains("pi_auth");
                });
        answer("cus_3ds", 200, intent("pi_3ds", "requires_action", 1500, "cus_3ds").toString());
        assertThat(gateway.charge(request("cus_3ds", "pm_card", "k-3ds"))).isInstanceOfSatisfying(
                ChargeResult.ActionRequired.class, a -> assertThat(a.reference()).contains("pi_3ds"));
    }

    @Test
    void a_rate_limit_is_retryable_and_a_missing_stripe_customer_is_declined() {
        answer("cus_busy", 429, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"rate_limit\","
                + "\"message\":\"Too many requests hit the API too quickly.\"}}");
        assertThat(gateway.charge(request("cus_busy", "pm_card", "k-busy"))).isInstanceOfSatisfying(
                ChargeResult.Retryable.class, r -> assertThat(r.code()).isEqualTo("rate_limit"));
        assertThat(gateway.charge(request(null, "pm_card", "k-none"))).isInstanceOfSatisfying(
                ChargeResult.Declined.class, d -> assertThat(d.code()).isEqualTo("no_gateway_customer"));
    }

    @Test
    void billing_resends_a_lost_answer_with_the_same_key_and_stripe_replays_the_first_result() {
        String first = intent("pi_once", "succeeded", 1000, "cus_c1").toString();
        stripe.stubFor(post(urlEqualTo("/v1/payment_intents")).inScenario("idempotency")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("charged")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(first)));
        stripe.stubFor(post(urlEqualTo("/v1/payment_intents")).inScenario("idempotency")
                .whenScenarioStateIs("charged")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withHeader("Idempotent-Replayed", "true").withBody(first)));
        try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
            BillingFixture f = new BillingFixture(db, TestClock.at("2026-01-01T00:00:00Z"));
            boolean[] lose = {true};
            PaymentGateway lossy = request -> {
                ChargeResult r = gateway.charge(request);
                if (lose[0]) {
                    lose[0] = false;
                    throw new IllegalStateException("read timed out");
                }
                return r;
            };
            Billing billing = Billing.builder(f.cityOs).paymentGateway(lossy).build();
            Plan plan = f.monthly("basic", 1000);
            CustomerId c = CustomerId.of("c1");
            billing.customers().register(f.ctx, NewCustomer.of(c, "cus_c1", "pm_card"));
            billing.subscriptions().create(f.ctx, NewSubscription.of(c, plan.id()));
            f.clock.advance(Duration.ofMinutes(1));
            assertThat(billing.run().runDue(f.ctx).paid()).isEqualTo(1);

            Invoice inv = f.invoices(c).get(0);
            assertThat(inv.status()).isEqualTo(InvoiceStatus.PAID);
            assertThat(billing.invoices().attempts(f.ctx, inv.id())).singleElement()
                    .satisfies(a -> assertThat(a.gatewayRef()).contains("pi_once"));
            stripe.verify(2, postRequestedFor(urlEqualTo("/v1/payment_intents"))
                    .withHeader("Idempotency-Key", equalTo("cityos-" + inv.id() + "-1")));
        }
    }
}
