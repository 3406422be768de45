package org.cityos.marketplace.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.cityos.core.CityOs;
import org.cityos.core.PageRequest;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.payout.Payout;
import org.cityos.marketplace.payout.PayoutStatus;
import org.cityos.marketplace.payout.VendorBalance;
import org.cityos.marketplace.testing.VendorBuilder;
import org.cityos.marketplace.vendor.PayoutAccountStatus;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TenantBuilder;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** The whole Stripe Connect path through the marketplace, against WireMock, on both databases. */
class StripeConnectMarketplaceTest {

    private static void json(WireMockServer wm, com.github.tomakehurst.wiremock.client.MappingBuilder m, int status,
                             String body) {
        wm.stubFor(m.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    @BothDatabases
    void onboard_activate_by_webhook_pay_by_transfer_and_reverse_after_a_refund(TestDatabase db) {
        WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        try {
            StripeConnect stripe = StripeConnect.builder("sk_test_123").apiBase("http://127.0.0.1:" + wm.port())
                    .webhookSecret("whsec_x").networkRetries(0).retryBackoff(Duration.ZERO).build();
            TestClock clock = TestClock.at("2026-03-01T00:00:00Z");
            CityOs cityOs = db.cityOs(clock);
            Marketplace market = Marketplace.builder(cityOs).payoutProvider(stripe).build();
            TenantContext ctx = TenantBuilder.on(cityOs).handle("t1").setting("hold_days", "0").create();
            // no payout account yet: onboarding at Stripe makes it
            Vendor v = VendorBuilder.in(market, ctx).handle("dates").name("Dates Co").withoutPayoutAccount().active();

            // onboarding: an Express account (recorded pending) and a link
            ObjectNode created = StripeFixtures.object("account");
            created.put("id", "acct_V1");
            json(wm, post(urlEqualTo("/v1/accounts")), 200, created.toString());
            json(wm, post(urlEqualTo("/v1/account_links")), 200, StripeFixtures.object("account_link").toString());
            URI link = stripe.onboard(market, ctx, v.id(), "SA", Optional.empty(), URI.create("https://h/refresh"),
                    URI.create("https://h/return"));
            assertThat(link.getScheme()).isEqualTo("https");
            assertThat(market.vendors().payoutAccount(ctx, v.id()).orElseThrow())
                    .satisfies(a -> assertThat(a.status()).isEqualTo(PayoutAccountStatus.PENDING))
                    .satisfies(a -> assertThat(a.externalAccountId()).isEqualTo("acct_V1"));
            // a second onboarding reuses the account
            stripe.onboard(market, ctx, v.id(), "SA", Optional.empty(), URI.create("https://h/refresh"),
                    URI.create("https://h/return"));
            assertThat(wm.findAll(postRequestedFor(urlEqualTo("/v1/accounts")))).hasSize(1);

            // earnings accrue while the account is pending
            market.products().link(ctx, "p1", VendorRef.of(v.id()), Optional.empty());
            market.orders().place(ctx, NewOrder.of("o1", NewOrderLine.of("a", "p1", 2, 5000)));
            market.orders().fulfill(ctx, "o1", VendorRef.of(v.id()), Shipment.none());
            clock.advance(Duration.ofMinutes(1));
            assertThat(market.payouts().run(ctx).created()).isEmpty();

            // the webhook activates it, then restricts it, then activates it again (delivered twice)
            String ok = StripeFixtures.accountUpdated(StripeFixtures.activeAccount("acct_V1", ctx.tenant().toString(), v.id().toString()));
            long now = Instant.now().getEpochSecond();
            assertThat(stripe.handleWebhook(market, ok, StripeFixtures.sign(ok, "whsec_x", now),
                    id -> TenantContext.of(id, Principal.system("stripe-webhook")))).hasValueSatisfying(a ->
                    assertThat(a.status()).isEqualTo(PayoutAccountStatus.ACTIVE));
            ObjectNode due = StripeFixtures.activeAccount("acct_V1", ctx.tenant().toString(), v.id().toString());
            ((ObjectNode) due.get("requirements")).putArray("past_due").add("external_account");
            String restricted = StripeFixtures.accountUpdated(due);
            stripe.handleWebhook(market, restricted, StripeFixtures.sign(restricted, "whsec_x", now),
                    id -> TenantContext.of(id, Principal.system("stripe-webhook")));
            assertThat(market.vendors().payoutAccount(ctx, v.id()).orElseThrow().status()).isEqualTo(PayoutAccountStatus.RESTRICTED);
            for (int i = 0; i < 2; i++) {
                stripe.handleWebhook(market, ok, StripeFixtures.sign(ok, "whsec_x", now),
                        id -> TenantContext.of(id, Principal.system("stripe-webhook")));
            }
            assertThat(cityOs.events().list(ctx, Optional.of("payout_account.status_changed"), PageRequest.first(10))
                    .items()).hasSize(3);

            // the payout is one transfer
            json(wm, post(urlEqualTo("/v1/transfers")), 200, StripeFixtures.object("transfer").toString());
            Payout paid = market.payouts().run(ctx).settled().get(0);
            assertThat(paid).extracting(Payout::status, Payout::amount, Payout::providerReference)
                    .containsExactly(PayoutStatus.PAID, 9000L, Optional.of("tr_1Pgc7BB7WZ01zgkWVJfE40RX"));
            var req = wm.findAll(postRequestedFor(urlEqualTo("/v1/transfers"))).get(0);
            assertThat(req.getHeader("Idempotency-Key")).isEqualTo(paid.idempotencyKey());
            assertThat(StripeFixtures.form(req.getBodyAsString())).containsEntry("transfer_group", paid.id().toString())
                    .containsEntry("destination", "acct_V1").containsEntry("amount", "9000");

            // a refund after the payout: the reversal takes back what the connected balance allows
            market.orders().refund(ctx, "o1", "a", 1);
            assertThat(market.payouts().balance(ctx, v.id()).available()).isEqualTo(-4500);
            json(wm, post(urlPathMatching("/v1/transfers/.*/reversals")), 400, StripeFixtures.error(
                    "invalid_request_error", "balance_insufficient", "Insufficient funds", null));
            ObjectNode balance = StripeFixtures.object("balance");
            ((ObjectNode) balance.withArray("available").get(0)).put("amount", 0).put("currency", "sar");
            json(wm, get(urlEqualTo("/v1/balance")), 200, balance.toString());
            StripeConnect.ReversalOutcome none = stripe.reverseAfterRefund(market, ctx, paid.id(), 4500, "refund-1");
            assertThat(none.reversed()).isZero();
            assertThat(market.payouts().balance(ctx, v.id()).available()).isEqualTo(-4500);

            ObjectNode rev = StripeFixtures.object("transfer_reversal");
            rev.put("amount", 4500);
            json(wm, post(urlPathMatching("/v1/transfers/.*/reversals")), 200, rev.toString());
            StripeConnect.ReversalOutcome all = stripe.reverseAfterRefund(market, ctx, paid.id(), 4500, "refund-1b");
            assertThat(all.reversed()).isEqualTo(4500);
            assertThat(market.payouts().balance(ctx, v.id()))
                    .extracting(VendorBalance::available, VendorBalance::paid).containsExactly(0L, 4500L);
        } finally {
            wm.stop();
        }
    }
}
