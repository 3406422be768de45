package org.cityos.marketplace.stripe;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.AccountLink;
import com.stripe.model.Balance;
import com.stripe.model.Event;
import com.stripe.model.StripeObject;
import com.stripe.model.Transfer;
import com.stripe.model.TransferReversal;
import com.stripe.net.RequestOptions;
import com.stripe.net.StripeResponse;
import com.stripe.net.Webhook;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountLinkCreateParams;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferReversalCreateParams;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.Values;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.PayoutId;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.payout.Payout;
import org.cityos.marketplace.payout.PayoutInstruction;
import org.cityos.marketplace.payout.PayoutProvider;
import org.cityos.marketplace.payout.PayoutResult;
import org.cityos.marketplace.payout.PayoutStatus;
import org.cityos.marketplace.vendor.PayoutAccount;
import org.cityos.marketplace.vendor.PayoutAccountStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Stripe Connect adapter: onboards vendors as Express connected accounts, keeps their payout
 * account status in step with the {@code account.updated} webhook, pays payouts as Transfers to
 * the connected account (one Transfer per payout, {@code transfer_group} = the payout id, the
 * payout's idempotency key as Stripe's {@code Idempotency-Key}) and reverses transfers after
 * refunds. Immutable and thread-safe; build it with {@link #builder(String)}.
 */
public final class StripeConnect implements PayoutProvider {
    /** The provider name of Stripe payout accounts and payouts. */
    public static final String PROVIDER = "stripe";
    /** Stripe's limit on an idempotency key. */
    public static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final Logger LOG = LoggerFactory.getLogger(StripeConnect.class);
    // Stripe's error codes for a destination that cannot receive transfers now
    private static final Set<String> RESTRICTED = Set.of("account_invalid", "insufficient_capabilities_for_transfer",
            "transfers_not_allowed", "account_closed", "payouts_not_allowed");
    private static final String BALANCE_INSUFFICIENT = "balance_insufficient";

    private final StripeClient client;
    private final Optional<String> webhookSecret;
    private final int rateLimitRetries;
    private final Duration retryBackoff;

    private StripeConnect(Builder b) {
        StripeClient.StripeClientBuilder cb = StripeClient.builder().setApiKey(b.apiKey)
                .setMaxNetworkRetries(b.networkRetries);
        b.apiBase.ifPresent(cb::setApiBase);
        this.client = cb.build();
        this.webhookSecret = b.webhookSecret;
        this.rateLimitRetries = b.rateLimitRetries;
        this.retryBackoff = b.retryBackoff;
    }

    /** A builder with the platform's secret API key ({@code sk_...}). */
    public static Builder builder(String apiKey) {
        return new Builder(apiKey);
    }

    // ---------------------------------------------------------------- onboarding

    /**
     * Creates an Express connected account for a vendor, with metadata naming tenant and vendor
     * (the webhook uses it to find them). Idempotent per tenant and vendor for Stripe's key window.
     *
     * @throws StripeCallException when Stripe refuses or cannot be reached
     */
    public String createExpressAccount(TenantId tenant, VendorId vendor, String country, Optional<String> email) {
        AccountCreateParams.Builder p = AccountCreateParams.builder().setType(AccountCreateParams.Type.EXPRESS)
                .setCountry(country)
                .setCapabilities(AccountCreateParams.Capabilities.builder()
                        .setTransfers(AccountCreateParams.Capabilities.Transfers.builder().setRequested(true).build())
                        .build())
                .putMetadata("cityos_tenant", tenant.toString()).putMetadata("cityos_vendor", vendor.toString());
        email.ifPresent(p::setEmail);
        String key = key("cityos-account-" + tenant + "-" + vendor + "-" + country.toLowerCase(Locale.ROOT));
        Account a = call("create the connected account of vendor " + vendor,
                () -> client.v1().accounts().create(p.build(), options(key)));
        return a.getId();
    }

    /** An {@code account_onboarding} link for the account, to send the vendor to. */
    public URI onboardingLink(String accountId, URI refreshUrl, URI returnUrl) {
        AccountLinkCreateParams p = AccountLinkCreateParams.builder().setAccount(accountId)
                .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
                .setRefreshUrl(refreshUrl.toString()).setReturnUrl(returnUrl.toString()).build();
        AccountLink link = call("create the onboarding link", () -> client.v1().accountLinks().create(p));
        return URI.create(link.getUrl());
    }

    /**
     * Onboards a vendor: reuses its Stripe account or creates one (recorded as a {@code pending}
     * payout account), and returns a fresh onboarding link.
     */
    public URI onboard(Marketplace market, TenantContext ctx, VendorId vendor, String country, Optional<String> email,
                       URI refreshUrl, URI returnUrl) {
        Optional<PayoutAccount> existing = market.vendors().payoutAccount(ctx, vendor)
                .filter(a -> PROVIDER.equals(a.provider()));
        String account = existing.map(PayoutAccount::externalAccountId).orElseGet(() -> {
            String id = createExpressAccount(ctx.tenant(), vendor, country, email);
            market.vendors().setPayoutAccount(ctx, new PayoutAccount(vendor, PROVIDER, id, PayoutAccountStatus.PENDING,
                    Optional.of("details_not_submitted")));
            return id;
        });
        return onboardingLink(account, refreshUrl, returnUrl);
    }

    // ---------------------------------------------------------------- webhook

    /** What an {@code account.updated} event says: the account, whose it is, and its mapped status. */
    public record AccountUpdate(String accountId, Optional<TenantId> tenant, Optional<VendorId> vendor,
                                StripeAccountStatus.Mapped status) {
    }

    /**
     * Verifies a webhook's {@code Stripe-Signature} and reads an {@code account.updated} event;
     * empty for any other event type.
     *
     * @throws CityOsException {@code unauthenticated} for a bad signature, {@code configuration}
     *                         when no webhook secret was given
     */
    public Optional<AccountUpdate> parseAccountUpdated(String payload, String signatureHeader) {
        String secret = webhookSecret.orElseThrow(() -> new CityOsException(ErrorCode.CONFIGURATION,
                "webhookSecret is not set: give the endpoint's whsec_ secret to verify Stripe webhooks"));
        Event event;
        try {
            event = Webhook.constructEvent(payload, signatureHeader, secret);
        } catch (SignatureVerificationException e) {
            throw new CityOsException(ErrorCode.UNAUTHENTICATED, "Stripe webhook signature does not verify");
        } catch (RuntimeException e) {
            throw CityOsException.invalid("Stripe webhook payload", "(not shown)", "is not a Stripe event");
        }
        if (!"account.updated".equals(event.getType())) {
            return Optional.empty();
        }
        StripeObject object;
        try {
            Optional<StripeObject> typed = event.getDataObjectDeserializer().getObject();
            // an event of another API version than stripe-java's: read it anyway, the fields used are stable
            object = typed.isPresent() ? typed.get() : event.getDataObjectDeserializer().deserializeUnsafe();
        } catch (com.stripe.exception.EventDataObjectDeserializationException e) {
            throw CityOsException.invalid("Stripe event", event.getId(), "carries no readable account");
        }
        if (!(object instanceof Account a)) {
            throw CityOsException.invalid("Stripe event", event.getId(), "is account.updated without an account");
        }
        Optional<TenantId> tenant = Optional.ofNullable(a.getMetadata()).map(m -> m.get("cityos_tenant"))
                .map(TenantId::parse);
        Optional<VendorId> vendor = Optional.ofNullable(a.getMetadata()).map(m -> m.get("cityos_vendor"))
                .map(VendorId::parse);
        return Optional.of(new AccountUpdate(a.getId(), tenant, vendor, StripeAccountStatus.of(a)));
    }

    /**
     * Handles a webhook delivery: for {@code account.updated}, moves the payout account of the
     * tenant named in the account's metadata to the mapped status. Idempotent (Stripe delivers
     * at least once). Empty when the event is of another type or names no known account.
     */
    public Optional<PayoutAccount> handleWebhook(Marketplace market, String payload, String signatureHeader,
                                                 java.util.function.Function<TenantId, TenantContext> contextOf) {
        Optional<AccountUpdate> update = parseAccountUpdated(payload, signatureHeader);
        if (update.isEmpty()) {
            return Optional.empty();
        }
        AccountUpdate u = update.get();
        if (u.tenant().isEmpty()) {
            LOG.warn("account.updated for a Stripe account without cityos_tenant metadata: ignored");
            return Optional.empty();
        }
        return market.vendors().updatePayoutAccountStatus(contextOf.apply(u.tenant().get()), PROVIDER, u.accountId(),
                u.status().status(), u.status().reason());
    }

    // ---------------------------------------------------------------- payouts

    /**
     * Pays a payout as a Transfer to the vendor's connected account. Paid with the transfer id as
     * reference (also when Stripe replays the first answer to a repeated key); failed for
     * insufficient platform balance, a restricted destination account, 402 and other invalid
     * requests (no money moved); a rate limit past the retries, an idempotency conflict or an
     * unreachable Stripe throws, and the payout stays processing to be asked again.
     */
    @Override
    public PayoutResult pay(PayoutInstruction i) {
        if (!PROVIDER.equals(i.provider())) {
            throw new IllegalStateException("payout " + i.payout() + " is for provider " + i.provider() + ", not stripe");
        }
        TransferCreateParams params = TransferCreateParams.builder().setAmount(i.amount())
                .setCurrency(i.currency().toLowerCase(Locale.ROOT)).setDestination(i.externalAccountId())
                .setTransferGroup(i.payout().toString())
                .putMetadata("cityos_tenant", i.tenant().toString()).putMetadata("cityos_vendor", i.vendor().toString())
                .putMetadata("cityos_payout", i.payout().toString()).build();
        String key = key(i.idempotencyKey());
        try {
            Transfer t = withRateLimitRetries(() -> client.v1().transfers().create(params, options(key)));
            if (replayed(t.getLastResponse())) {
                LOG.debug("payout {}: Stripe replayed transfer {} for key {}", i.payout(), t.getId(), key);
            }
            return PayoutResult.paid(t.getId());
        } catch (InvalidRequestException e) {
            String code = Objects.requireNonNullElse(e.getCode(), "invalid_request");
            if (BALANCE_INSUFFICIENT.equals(code)) {
                return PayoutResult.failed("insufficient_platform_balance: " + message(e));
            }
            if (RESTRICTED.contains(code)) {
                return PayoutResult.failed("account_restricted: " + code + ": " + message(e));
            }
            return PayoutResult.failed("invalid_request: " + code + ": " + message(e));
        } catch (IdempotencyException e) {
            throw new StripeCallException("payout " + i.payout() + ": Stripe reports key " + key
                    + " reused with other parameters; left processing for an operator", e);
        } catch (StripeException e) {
            if (e instanceof CardException || Integer.valueOf(402).equals(e.getStatusCode())) {
                return PayoutResult.failed("request_failed: " + Objects.requireNonNullElse(e.getCode(), "402") + ": "
                        + message(e));
            }
            throw new StripeCallException("payout " + i.payout() + ": Stripe call failed (" + e.getStatusCode() + " "
                    + e.getCode() + ")", e);
        }
    }

    // ---------------------------------------------------------------- reversals

    /**
     * What a reversal achieved: the amount asked for, the amount reversed (less when the connected
     * account's available balance was too small) and the reversal's id, if any.
     */
    public record ReversalOutcome(long requested, long reversed, Optional<String> reversalId) {
        /** What could not be taken back; it stays as a negative available balance, repaid by later earnings. */
        public long shortfall() {
            return requested - reversed;
        }
    }

    /**
     * Reverses up to {@code amount} of a transfer. When the connected account's balance is too
     * small, reverses what its available balance in the transfer's currency allows (possibly
     * nothing). Each amount gets its own idempotency key ({@code keyPrefix} plus the amount), so a
     * key never carries different parameters.
     */
    public ReversalOutcome reverseTransfer(String transferId, String connectedAccount, String currency, long amount,
                                           String keyPrefix) {
        if (amount <= 0) {
            throw CityOsException.invalid("reversal amount", amount, "must be positive");
        }
        try {
            TransferReversal r = reverse(transferId, amount, keyPrefix);
            return new ReversalOutcome(amount, r.getAmount(), Optional.of(r.getId()));
        } catch (InvalidRequestException e) {
            if (!BALANCE_INSUFFICIENT.equals(e.getCode())) {
                throw new StripeCallException("reversal of transfer " + transferId + " refused: " + e.getCode(), e);
            }
        } catch (StripeException e) {
            throw new StripeCallException("reversal of transfer " + transferId + " failed (" + e.getStatusCode() + ")", e);
        }
        long available = connectedAvailable(connectedAccount, currency);
        long partial = Math.min(amount, available);
        if (partial <= 0) {
            return new ReversalOutcome(amount, 0, Optional.empty());
        }
        try {
            TransferReversal r = reverse(transferId, partial, keyPrefix);
            return new ReversalOutcome(amount, r.getAmount(), Optional.of(r.getId()));
        } catch (StripeException e) {
            throw new StripeCallException("partial reversal of transfer " + transferId + " failed (" + e.getStatusCode()
                    + " " + e.getCode() + ")", e);
        }
    }

    /**
     * After a refund of money already paid out: reverses up to {@code amount} of the payout's
     * transfer and records what was reversed with {@code Payouts.recordReversal}. What could not be
     * reversed stays a negative available balance, repaid by the vendor's later earnings.
     *
     * @param refundReference the host's id of the refund, part of the idempotency key
     */
    public ReversalOutcome reverseAfterRefund(Marketplace market, TenantContext ctx, PayoutId payoutId, long amount,
                                              String refundReference) {
        Payout p = market.payouts().get(ctx, payoutId).orElseThrow(() -> CityOsException.notFound("payout", payoutId));
        if (p.status() != PayoutStatus.PAID || !PROVIDER.equals(p.provider()) || p.providerReference().isEmpty()) {
            throw new CityOsException(ErrorCode.INVALID_TRANSITION, "payout " + payoutId + " is not a paid Stripe transfer");
        }
        String account = market.vendors().payoutAccount(ctx, p.vendor()).filter(a -> PROVIDER.equals(a.provider()))
                .map(PayoutAccount::externalAccountId)
                .orElseThrow(() -> CityOsException.notFound("Stripe account of vendor", p.vendor()));
        ReversalOutcome out = reverseTransfer(p.providerReference().get(), account, p.currency(), amount,
                "cityos-reversal-" + payoutId + "-" + refundReference);
        if (out.reversed() > 0) {
            market.payouts().recordReversal(ctx, payoutId, out.reversed(), out.reversalId());
        }
        return out;
    }

    private TransferReversal reverse(String transferId, long amount, String keyPrefix) throws StripeException {
        TransferReversalCreateParams params = TransferReversalCreateParams.builder().setAmount(amount).build();
        String key = key(keyPrefix + "-" + amount);
        return withRateLimitRetries(() -> client.v1().transfers().reversals().create(transferId, params, options(key)));
    }

    private long connectedAvailable(String account, String currency) {
        Balance b = call("read the connected account's balance",
                () -> client.v1().balance().retrieve(RequestOptions.builder().setStripeAccount(account).build()));
        long sum = 0;
        for (Balance.Available a : b.getAvailable()) {
            if (currency.equalsIgnoreCase(a.getCurrency()) && a.getAmount() != null) {
                sum += a.getAmount();
            }
        }
        return sum;
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    private <T> T withRateLimitRetries(StripeCall<T> c) throws StripeException {
        for (int attempt = 0; ; attempt++) {
            try {
                return c.run();
            } catch (RateLimitException e) {
                if (attempt >= rateLimitRetries) {
                    throw e;
                }
                long wait = retryBackoff.toMillis() << Math.min(attempt, 10);
                LOG.debug("Stripe rate limit; retry {} of {} in {} ms", attempt + 1, rateLimitRetries, wait);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private <T> T call(String what, StripeCall<T> c) {
        try {
            return withRateLimitRetries(c);
        } catch (StripeException e) {
            throw new StripeCallException("cannot " + what + ": Stripe answered " + e.getStatusCode() + " "
                    + Objects.requireNonNullElse(e.getCode(), "") + ": " + message(e), e);
        }
    }

    private static RequestOptions options(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    /** Checks a key against Stripe's limit; keys here are derived from ids, so never longer by design. */
    static String key(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY) {
            throw CityOsException.invalid("idempotency key", key, "must be 1-" + MAX_IDEMPOTENCY_KEY + " characters");
        }
        return key;
    }

    private static boolean replayed(StripeResponse r) {
        return r != null && r.headers() != null
                && r.headers().firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false);
    }

    private static String message(StripeException e) {
        String m = e.getStripeError() != null && e.getStripeError().getMessage() != null
                ? e.getStripeError().getMessage() : String.valueOf(e.getMessage());
        return Values.neutralise(m.length() > 300 ? m.substring(0, 300) : m);
    }

    /** Configures a {@link StripeConnect}; invalid settings fail at {@link #build()}, naming the setting. */
    public static final class Builder {
        private final String apiKey;
        private Optional<String> apiBase = Optional.empty();
        private Optional<String> webhookSecret = Optional.empty();
        private int networkRetries = 2;
        private int rateLimitRetries = 3;
        private Duration retryBackoff = Duration.ofMillis(500);

        private Builder(String apiKey) {
            this.apiKey = apiKey;
        }

        /** Where the API is (default: Stripe's); tests point it at a local stub. */
        public Builder apiBase(String url) {
            this.apiBase = Optional.ofNullable(url);
            return this;
        }

        /** The webhook endpoint's signing secret ({@code whsec_...}), needed to read webhooks. */
        public Builder webhookSecret(String secret) {
            this.webhookSecret = Optional.ofNullable(secret);
            return this;
        }

        /** Retries of connection errors and 5xx answers inside stripe-java (default 2). */
        public Builder networkRetries(int n) {
            this.networkRetries = n;
            return this;
        }

        /** Retries of 429 rate-limit answers, with the same idempotency key (default 3). */
        public Builder rateLimitRetries(int n) {
            this.rateLimitRetries = n;
            return this;
        }

        /** The first wait before a rate-limit retry, doubled on each further one (default 500 ms). */
        public Builder retryBackoff(Duration d) {
            this.retryBackoff = d;
            return this;
        }

        /** Builds the adapter. */
        public StripeConnect build() {
            if (apiKey == null || apiKey.isBlank()) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "apiKey is blank: give the platform's secret key");
            }
            if (networkRetries < 0 || networkRetries > 10) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "networkRetries = " + networkRetries + " must be 0-10");
            }
            if (rateLimitRetries < 0 || rateLimitRetries > 10) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "rateLimitRetries = " + rateLimitRetries + " must be 0-10");
            }
            if (retryBackoff == null || retryBackoff.isNegative()) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "retryBackoff = " + retryBackoff + " must be >= 0");
            }
            return new StripeConnect(this);
        }
    }
}
