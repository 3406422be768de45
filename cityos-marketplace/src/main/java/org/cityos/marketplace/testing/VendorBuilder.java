package org.cityos.marketplace.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.cityos.core.TenantContext;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.vendor.NewVendor;
import org.cityos.marketplace.vendor.PayoutAccount;
import org.cityos.marketplace.vendor.Vendor;

/**
 * Test data: a vendor of a tenant in one call, through the public services. By default it has a
 * unique handle and an active {@code manual} payout account; {@link #sells} links products to it.
 * The terminal call says which status it ends in: {@link #applied}, {@link #active},
 * {@link #suspended} or {@link #rejected}.
 *
 * <pre>{@code
 * Vendor dates = VendorBuilder.in(market, ctx).handle("dates-co").sells("ajwa-1kg", "food").active();
 * }</pre>
 */
public final class VendorBuilder {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Marketplace market;
    private final TenantContext ctx;
    private String handle;
    private String name;
    private String provider = "manual";
    private String account;
    private boolean payoutsEnabled = true;
    private boolean withAccount = true;
    private final Map<String, Optional<String>> products = new LinkedHashMap<>();

    private VendorBuilder(Marketplace market, TenantContext ctx) {
        this.market = Objects.requireNonNull(market, "market");
        this.ctx = Objects.requireNonNull(ctx, "tenant context");
    }

    /** A builder for a vendor of the tenant of {@code ctx}. */
    public static VendorBuilder in(Marketplace market, TenantContext ctx) {
        return new VendorBuilder(market, ctx);
    }

    /** The vendor's handle (default {@code vendor-N}, unique within the JVM). */
    public VendorBuilder handle(String value) {
        this.handle = value;
        return this;
    }

    /** The display name (default: the handle). */
    public VendorBuilder name(String value) {
        this.name = value;
        return this;
    }

    /** The payout account (default {@code manual}, {@code acct_<handle>}, payouts enabled). */
    public VendorBuilder payoutAccount(String providerName, String externalAccountId, boolean enabled) {
        this.provider = providerName;
        this.account = externalAccountId;
        this.payoutsEnabled = enabled;
        this.withAccount = true;
        return this;
    }

    /** No payout account: the vendor earns but cannot be paid out. */
    public VendorBuilder withoutPayoutAccount() {
        this.withAccount = false;
        return this;
    }

    /** Links a product (uncategorised) to the vendor. */
    public VendorBuilder sells(String productId) {
        products.put(productId, Optional.empty());
        return this;
    }

    /** Links a product with a commission category to the vendor. */
    public VendorBuilder sells(String productId, String category) {
        products.put(productId, Optional.of(category));
        return this;
    }

    /** Creates the vendor and leaves it {@code pending}, as after its application. */
    public Vendor applied() {
        String h = handle != null ? handle : "vendor-" + SEQUENCE.incrementAndGet();
        Vendor v = market.vendors().apply(ctx, NewVendor.of(h, name != null ? name : h));
        if (withAccount) {
            market.vendors().setPayoutAccount(ctx,
                    new PayoutAccount(v.id(), provider, account != null ? account : "acct_" + h, payoutsEnabled));
        }
        products.forEach((product, category) -> market.products().link(ctx, product, VendorRef.of(v.id()), category));
        return v;
    }

    /** Creates the vendor and approves it: it sells and earns. */
    public Vendor active() {
        return market.vendors().approve(ctx, applied().id());
    }

    /** Creates the vendor, approves it, then suspends it. */
    public Vendor suspended() {
        return market.vendors().suspend(ctx, active().id());
    }

    /** Creates the vendor and rejects its application. */
    public Vendor rejected() {
        return market.vendors().reject(ctx, applied().id());
    }
}
