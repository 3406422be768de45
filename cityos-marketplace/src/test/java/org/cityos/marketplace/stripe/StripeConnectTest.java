package org.cityos.marketplace.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantId;
import org.cityos.marketplace.PayoutId;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.payout.PayoutInstruction;
import org.cityos.marketplace.payout.PayoutResult;
import org.cityos.marketplace.payout.PayoutStatus;
import org.cityos.marketplace.vendor.PayoutAccountStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against a local WireMock server that answers with Stripe's own example objects. */
class StripeConnectTest {
    static final String SECRET = "whsec_test_secret";
    WireMockServer wm;
    StripeConnect stripe;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        stripe = StripeConnect.builder("sk_test_123").apiBase("http://127.0.0.1:" + wm.port())
                .webhookSecret(SECRET).networkRetries(0).rateLimitRetries(2).retryBackoff(Duration.ZERO).build();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private static PayoutInstruction instruction(long amount) {
        UUID payout = UUID.randomUUID();
        return new PayoutInstruction(new TenantId(UUID.randomUUID()), new PayoutId(payout), new VendorId(UUID.randomUUID()),
                "stripe", "acct_1PgafTB7WZ01zgkW", amount, "SAR", "cityos-payout-" + payout);
    }

    private void transferAnswers(int status, String body) {
        wm.stubFor(post(urlEqualTo("/v1/transfers")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private List<LoggedRequest> transferRequests() {
        return wm.findAll(postRequestedFor(urlEqualTo("/v1/transfers")));
    }

    @Test
    void a_payout_is_one_transfer_grouped_by_the_payout_id_with_tenant_and_vendor_metadata_under_its_key() {
        ObjectNode t = StripeFixtures.object("transfer");
        transferAnswers(200, t.toString());
        PayoutInstruction i = instruction(1100);
        PayoutResult r = stripe.pay(i);
        assertThat(r).isEqualTo(PayoutResult.paid("tr_1Pgc7BB7WZ01zgkWVJfE40RX"));
        LoggedRequest req = transferRequests().get(0);
        assertThat(req.getHeader("Idempotency-Key")).isEqualTo(i.idempotencyKey()).hasSizeLessThanOrEqualTo(255);
        assertThat(req.getHeader("Authorization")).isEqualTo("Bearer sk_test_123");
        assertThat(StripeFixtures.form(req.getBodyAsString())).containsEntry("amount", "1100")
                .containsEntry("currency", "sar").containsEntry("destination", "acct_1PgafTB7WZ01zgkW")
                .containsEntry("transfer_group", i.payout().toString())
                .containsEntry("metadata[cityos_tenant]", i.tenant().toString())
                .containsEntry("metadata[cityos_vendor]", i.vendor().toString())
                .containsEntry("metadata[cityos_payout]", i.payout().toString());
    }

    @Test
    void an_idempotent_replay_is_the_same_paid_transfer() {
        wm.stubFor(post(urlEqualTo("/v1/transfers")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("Idempotent-Replayed", "true")
                .withBody(StripeFixtures.object("transfer").toString())));
        PayoutInstruction i = instruction(1100);
        assertThat(stripe.pay(i)).isEqualTo(stripe.pay(i)).isEqualTo(PayoutResult.paid("tr_1Pgc7BB7WZ01zgkWVJfE40RX"));
        assertThat(transferRequests()).extracting(r -> r.getHeader("Idempotency-Key"))
                .containsExactly(i.idempotencyKey(), i.idempotencyKey());
    }

    @Test
    void a_rate_limit_is_retried_with_the_same_key_and_then_left_processing() {
        wm.stubFor(post(urlEqualTo("/v1/transfers")).inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody(StripeFixtures.error("invalid_request_error", "rate_limit", "Too many requests", null)))
                .willSetStateTo("ok"));
        wm.stubFor(post(urlEqualTo("/v1/transfers")).inScenario("rl").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(StripeFixtures.object("transfer").toString())));
        PayoutInstruction i = instruction(1100);
        assertThat(stripe.pay(i).status()).isEqualTo(PayoutStatus.PAID);
        assertThat(transferRequests()).hasSize(2).extracting(r -> r.getHeader("Idempotency-Key"))
                .containsOnly(i.idempotencyKey());

        wm.resetAll();
        transferAnswers(429, StripeFixtures.error("invalid_request_error", "rate_limit", "Too many requests", null));
        assertThatThrownBy(() -> stripe.pay(i)).isInstanceOf(StripeCallException.class).hasMessageContaining("429");
        assertThat(transferRequests()).hasSize(3); // the call and two retries
    }

    @Test
    void refusals_map_to_failed_payouts_and_unknown_outcomes_throw() {
        String[][] failed = {
                {"400", "invalid_request_error", "balance_insufficient", "insufficient_platform_balance"},
                {"400", "invalid_request_error", "insufficient_capabilities_for_transfer", "account_restricted"},
                {"400", "invalid_request_error", "account_invalid", "account_restricted"},
                {"400", "invalid_request_error", "parameter_invalid_integer", "invalid_request: parameter_invalid_integer"},
                {"402", "card_error", "card_declined", "request_failed: card_declined"},
        };
        for (String[] c : failed) {
            wm.resetAll();
            transferAnswers(Integer.parseInt(c[0]), StripeFixtures.error(c[1], c[2], "Stripe says no", "amount"));
            PayoutResult r = stripe.pay(instruction(500));
            assertThat(r.status()).as(c[2]).isEqualTo(PayoutStatus.FAILED);
            assertThat(r.failureReason()).as(c[2]).hasValueSatisfying(m -> assertThat(m).startsWith(c[3]).contains("Stripe says no"));
        }
        wm.resetAll();
        transferAnswers(400, StripeFixtures.error("idempotency_error", null, "Keys for idempotent requests can only be "
                + "used with the same parameters they were first used with.", null));
        assertThatThrownBy(() -> stripe.pay(instruction(500))).isInstanceOf(StripeCallException.class)
                .hasMessageContaining("reused with other parameters");
        wm.resetAll();
        transferAnswers(500, StripeFixtures.error("api_error", null, "Something went wrong", null));
        assertThatThrownBy(() -> stripe.pay(instruction(500))).isInstanceOf(StripeCallException.class);
    }

    @Test
    void idempotency_keys_longer_than_255_characters_are_refused_before_any_call() {
        assertThat(StripeConnect.key("k".repeat(255))).hasSize(255);
        assertThatThrownBy(() -> StripeConnect.key("k".repeat(256))).isInstanceOfSatisfying(CityOsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void onboarding_creates_an_express_account_and_an_account_onboarding_link() {
        ObjectNode account = StripeFixtures.object("account");
        account.put("type", "express");
        wm.stubFor(post(urlEqualTo("/v1/accounts")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(account.toString())));
        wm.stubFor(post(urlEqualTo("/v1/account_links")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(StripeFixtures.object("account_link").toString())));
        TenantId tenant = new TenantId(UUID.randomUUID());
        VendorId vendor = new VendorId(UUID.randomUUID());
        String id = stripe.createExpressAccount(tenant, vendor, "US", Optional.of("v@example.com"));
        assertThat(id).isEqualTo("acct_1PgafTB7WZ01zgkW");
        var link = stripe.onboardingLink(id, java.net.URI.create("https://host.example/refresh"),
                java.net.URI.create("https://host.example/return"));
        assertThat(link.toString()).startsWith("https://").contains("/setup/s/acct_1PgafTB7WZ01zgkW");

        LoggedRequest create = wm.findAll(postRequestedFor(urlEqualTo("/v1/accounts"))).get(0);
        assertThat(StripeFixtures.form(create.getBodyAsString())).containsEntry("type", "express")
                .containsEntry("country", "US").containsEntry("email", "v@example.com")
                .containsEntry("capabilities[transfers][requested]", "true")
                .containsEntry("metadata[cityos_tenant]", tenant.toString())
                .containsEntry("metadata[cityos_vendor]", vendor.toString());
        assertThat(create.getHeader("Idempotency-Key")).contains(vendor.toString());
        assertThat(StripeFixtures.form(wm.findAll(postRequestedFor(urlEqualTo("/v1/account_links"))).get(0)
                .getBodyAsString())).containsEntry("account", id).containsEntry("type", "account_onboarding")
                .containsEntry("refresh_url", "https://host.example/refresh")
                .containsEntry("return_url", "https://host.example/return");
    }

    @Test
    void account_updated_maps_to_active_restricted_or_rejected_exactly() {
        ObjectNode active = StripeFixtures.activeAccount("acct_A", UUID.randomUUID().toString(), UUID.randomUUID().toString());
        assertThat(parse(active).status().status()).isEqualTo(PayoutAccountStatus.ACTIVE);

        // Stripe's example account: details not submitted, things currently due, disabled for past due
        ObjectNode example = StripeFixtures.object("account");
        assertThat(parse(example).status()).isEqualTo(new StripeAccountStatus.Mapped(PayoutAccountStatus.RESTRICTED,
                Optional.of("requirements.past_due")));

        String[] lists = {"currently_due", "past_due", "pending_verification"};
        for (String list : lists) {
            ObjectNode a = StripeFixtures.activeAccount("acct_B", null, null);
            ((ObjectNode) a.get("requirements")).putArray(list).add("individual.id_number");
            assertThat(parse(a).status().status()).as(list).isEqualTo(PayoutAccountStatus.RESTRICTED);
        }
        for (String flag : new String[] {"details_submitted", "charges_enabled", "payouts_enabled"}) {
            ObjectNode a = StripeFixtures.activeAccount("acct_C", null, null);
            a.put(flag, false);
            assertThat(parse(a).status().status()).as(flag).isEqualTo(PayoutAccountStatus.RESTRICTED);
        }
        for (String reason : new String[] {"rejected.fraud", "rejected.terms_of_service", "rejected.other"}) {
            ObjectNode a = StripeFixtures.activeAccount("acct_D", null, null);
            ((ObjectNode) a.get("requirements")).put("disabled_reason", reason);
            assertThat(parse(a).status()).isEqualTo(new StripeAccountStatus.Mapped(PayoutAccountStatus.REJECTED,
                    Optional.of(reason)));
        }
        ObjectNode underReview = StripeFixtures.activeAccount("acct_E", null, null);
        ((ObjectNode) underReview.get("requirements")).put("disabled_reason", "under_review");
        assertThat(parse(underReview).status()).isEqualTo(new StripeAccountStatus.Mapped(PayoutAccountStatus.ACTIVE,
                Optional.empty()));
    }

    @Test
    void webhooks_must_carry_a_valid_signature_and_other_events_are_ignored() {
        String payload = StripeFixtures.accountUpdated(StripeFixtures.activeAccount("acct_A", null, null));
        long now = Instant.now().getEpochSecond();
        assertThatThrownBy(() -> stripe.parseAccountUpdated(payload, StripeFixtures.sign(payload, "whsec_other", now)))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
        String plan = StripeFixtures.object("event").toString(); // Stripe's example event: plan.created
        assertThat(stripe.parseAccountUpdated(plan, StripeFixtures.sign(plan, SECRET, now))).isEmpty();
        StripeConnect noSecret = StripeConnect.builder("sk_test_1").build();
        assertThatThrownBy(() -> noSecret.parseAccountUpdated(payload, "t=1,v1=00"))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION));
    }

    @Test
    void a_reversal_larger_than_the_connected_balance_reverses_what_is_available_under_its_own_key() {
        String path = "/v1/transfers/tr_1Pgc7BB7WZ01zgkWVJfE40RX/reversals";
        wm.stubFor(post(urlEqualTo(path)).withRequestBody(containing("amount=5000")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(StripeFixtures.error("invalid_request_error",
                        "balance_insufficient", "Insufficient funds in the connected account", null))));
        ObjectNode reversal = StripeFixtures.object("transfer_reversal");
        reversal.put("amount", 3000);
        wm.stubFor(post(urlEqualTo(path)).withRequestBody(containing("amount=3000")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(reversal.toString())));
        ObjectNode balance = StripeFixtures.object("balance");
        ObjectNode avail = (ObjectNode) balance.withArray("available").get(0);
        avail.put("amount", 3000);
        avail.put("currency", "sar");
        wm.stubFor(get(urlEqualTo("/v1/balance")).withHeader("Stripe-Account", equalTo("acct_V"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(balance.toString())));

        StripeConnect.ReversalOutcome out = stripe.reverseTransfer("tr_1Pgc7BB7WZ01zgkWVJfE40RX", "acct_V", "SAR", 5000,
                "cityos-reversal-p1-r1");
        assertThat(out).isEqualTo(new StripeConnect.ReversalOutcome(5000, 3000, Optional.of("trr_1Pgc7BB7WZ01zgkWsU61ufNC")));
        assertThat(out.shortfall()).isEqualTo(2000);
        assertThat(wm.findAll(postRequestedFor(urlEqualTo(path)))).extracting(r -> r.getHeader("Idempotency-Key"))
                .containsExactly("cityos-reversal-p1-r1-5000", "cityos-reversal-p1-r1-3000");
        wm.verify(1, getRequestedFor(urlEqualTo("/v1/balance")));

        // nothing available: nothing reversed, all of it is the shortfall
        avail.put("amount", 0);
        wm.stubFor(get(urlEqualTo("/v1/balance")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(balance.toString())));
        assertThat(stripe.reverseTransfer("tr_1Pgc7BB7WZ01zgkWVJfE40RX", "acct_V", "SAR", 5000, "k"))
                .isEqualTo(new StripeConnect.ReversalOutcome(5000, 0, Optional.empty()));
    }

    @Test
    void invalid_settings_fail_at_build_naming_the_setting() {
        assertThatThrownBy(() -> StripeConnect.builder(" ").build()).hasMessageContaining("apiKey");
        assertThatThrownBy(() -> StripeConnect.builder("sk").rateLimitRetries(-1).build()).hasMessageContaining("rateLimitRetries");
        assertThatThrownBy(() -> StripeConnect.builder("sk").networkRetries(11).build()).hasMessageContaining("networkRetries");
    }

    private StripeConnect.AccountUpdate parse(ObjectNode account) {
        String payload = StripeFixtures.accountUpdated(account);
        return stripe.parseAccountUpdated(payload, StripeFixtures.sign(payload, SECRET, Instant.now().getEpochSecond()))
                .orElseThrow();
    }

}
