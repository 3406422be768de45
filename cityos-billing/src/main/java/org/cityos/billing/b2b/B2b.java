package org.cityos.billing.b2b;

import java.time.Duration;
import java.util.Objects;

import org.cityos.billing.Billing;
import org.cityos.billing.b2b.approval.Approvals;
import org.cityos.billing.b2b.company.Companies;
import org.cityos.billing.b2b.company.Invitations;
import org.cityos.billing.b2b.internal.B2bEngine;
import org.cityos.billing.b2b.internal.PriceCache;
import org.cityos.billing.b2b.internal.Purchasing;
import org.cityos.billing.b2b.pricing.CustomerGroups;
import org.cityos.billing.b2b.pricing.PriceLists;
import org.cityos.billing.b2b.pricing.PriceResolver;
import org.cityos.billing.b2b.purchase.Purchases;
import org.cityos.billing.b2b.quote.Quotes;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.marketplace.Marketplace;

/**
 * B2B commerce on top of billing and the marketplace, built once from both (on the same
 * {@code CityOs}); immutable and thread-safe. It hands out companies and their employees,
 * invitations, purchases on terms with approvals, quotes, customer groups, volume price lists and
 * the price resolver. Its tables come with billing's migrations.
 *
 * <pre>{@code
 * B2b b2b = B2b.builder(billing, marketplace).priceCacheTtl(Duration.ofMinutes(1)).build();
 * }</pre>
 */
public final class B2b {
    private final Companies companies;
    private final Invitations invitations;
    private final Purchases purchases;
    private final Approvals approvals;
    private final Quotes quotes;
    private final CustomerGroups customerGroups;
    private final PriceLists priceLists;
    private final PriceResolver prices;
    private final PriceCache cache;

    private B2b(B2bEngine engine) {
        Purchasing purchasing = new Purchasing(engine);
        this.cache = engine.prices();
        this.companies = new Companies(engine);
        this.invitations = new Invitations(engine);
        this.purchases = new Purchases(engine, purchasing);
        this.approvals = new Approvals(engine, purchasing);
        this.quotes = new Quotes(engine, purchasing);
        this.customerGroups = new CustomerGroups(engine);
        this.priceLists = new PriceLists(engine);
        this.prices = new PriceResolver(engine);
    }

    /** B2B with the default settings. */
    public static B2b create(Billing billing, Marketplace marketplace) {
        return builder(billing, marketplace).build();
    }

    public static Builder builder(Billing billing, Marketplace marketplace) {
        return new Builder(billing, marketplace);
    }

    /** Companies, employees (roles, spending limits), addresses. */
    public Companies companies() {
        return companies;
    }

    /** Invitations of employees by a company's admins. */
    public Invitations invitations() {
        return invitations;
    }

    /** Orders of employees: placed at once, or held for approval; on terms with the company's credit; overdue invoices. */
    public Purchases purchases() {
        return purchases;
    }

    /** Approval requests: approve, reject, place the approved order. */
    public Approvals approvals() {
        return approvals;
    }

    /** Quotes: request, price, negotiate, accept, convert, reject, expire. */
    public Quotes quotes() {
        return quotes;
    }

    /** Customer groups that price lists can target. */
    public CustomerGroups customerGroups() {
        return customerGroups;
    }

    /** Volume price lists per company or customer group. */
    public PriceLists priceLists() {
        return priceLists;
    }

    /** The lowest list price for a product, quantity and buyer (cached). */
    public PriceResolver prices() {
        return prices;
    }

    /** Forgets every cached price on this node (tests and benchmarks; changes made through the API need no call). */
    public void clearPriceCache() {
        cache.clear();
    }

    /** Configures {@link B2b}; invalid settings fail in {@link #build()}, naming the setting. */
    public static final class Builder {
        private final Billing billing;
        private final Marketplace marketplace;
        private Duration priceCacheTtl = Duration.ofSeconds(60);
        private int priceCacheSize = 100_000;
        private Duration invitationTtl = Duration.ofDays(7);

        private Builder(Billing billing, Marketplace marketplace) {
            this.billing = Objects.requireNonNull(billing, "billing");
            this.marketplace = Objects.requireNonNull(marketplace, "marketplace");
        }

        /**
         * How long a node keeps a product's prices and a buyer's lists (default 60 s): changes made
         * on this node drop them at once, changes made on another node show here within this time.
         * {@code Duration.ZERO} turns the cache off (every resolution reads the database).
         */
        public Builder priceCacheTtl(Duration ttl) {
            this.priceCacheTtl = ttl;
            return this;
        }

        /** The most products (and, apart, buyers) the price cache holds before it starts over (default 100,000). */
        public Builder priceCacheSize(int size) {
            this.priceCacheSize = size;
            return this;
        }

        /** How long an invitation can be accepted (default 7 days). */
        public Builder invitationTtl(Duration ttl) {
            this.invitationTtl = ttl;
            return this;
        }

        public B2b build() {
            if (priceCacheTtl == null || priceCacheTtl.isNegative()) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "priceCacheTtl " + priceCacheTtl
                        + " must not be negative");
            }
            if (priceCacheSize < 1) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "priceCacheSize " + priceCacheSize
                        + " must be at least 1");
            }
            if (invitationTtl == null || invitationTtl.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "invitationTtl " + invitationTtl
                        + " must be at least one minute");
            }
            PriceCache cache = new PriceCache(billing.cityOs().clock(), priceCacheTtl, priceCacheSize);
            return new B2b(new B2bEngine(billing.engine(), billing.cityOs(), marketplace, cache, invitationTtl));
        }
    }
}
