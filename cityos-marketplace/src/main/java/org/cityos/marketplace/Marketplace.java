package org.cityos.marketplace;

import org.cityos.marketplace.notify.LoggingVendorNotifier;
import org.cityos.marketplace.notify.VendorNotifications;
import org.cityos.marketplace.notify.VendorNotifier;
import java.util.List;
import java.util.Objects;

import org.cityos.core.CityOs;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.marketplace.catalog.Products;
import org.cityos.marketplace.commission.CommissionRules;
import org.cityos.marketplace.internal.Market;
import org.cityos.marketplace.internal.MarketGauges;
import org.cityos.marketplace.internal.db.Tables;
import org.cityos.marketplace.order.Orders;
import org.cityos.marketplace.payout.ManualPayoutProvider;
import org.cityos.marketplace.payout.PayoutProvider;
import org.cityos.marketplace.payout.Payouts;
import org.cityos.marketplace.portal.OperatorDashboard;
import org.cityos.marketplace.portal.VendorAccess;
import org.cityos.marketplace.portal.VendorPortal;
import org.cityos.marketplace.report.Reports;
import org.cityos.marketplace.vendor.Vendors;

/**
 * The entry point of the marketplace module, built from a {@link CityOs}: it attaches the
 * module (tenant tables for the guard, migrations) and hands out the vendor, product, commission,
 * order and payout services, the vendor portal, the operator dashboard and reports. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * Marketplace market = Marketplace.builder(cityOs).payoutProvider(stripe).build();
 * market.orders().place(ctx, NewOrder.of("ord-1", NewOrderLine.of("l1", "p1", 2, 1500)));
 * }</pre>
 */
public final class Marketplace {
    /** The role of vendor-portal principals: they act only for vendors they are members of. */
    public static final String VENDOR_ROLE = Market.VENDOR_ROLE;

    private final PayoutProvider provider;
    private final int payoutBatch;
    private final VendorAccess access;
    private final Vendors vendors;
    private final Products products;
    private final CommissionRules commissionRules;
    private final Orders orders;
    private final Payouts payouts;
    private final VendorPortal vendorPortal;
    private final OperatorDashboard operatorDashboard;
    private final Reports reports;

    private Marketplace(CityOs cityOs, PayoutProvider provider, int payoutBatch, VendorNotifier notifier,
                        VendorAccess access) {
        this(new Market(attach(cityOs), provider, payoutBatch), access);
        VendorNotifications.register(cityOs, notifier);
    }

    private Marketplace(Market market, VendorAccess access) {
        this.provider = market.payoutProvider();
        this.payoutBatch = market.payoutBatch();
        this.access = access;
        this.vendors = new Vendors(market);
        this.products = new Products(market);
        this.commissionRules = new CommissionRules(market);
        this.orders = new Orders(market);
        this.payouts = new Payouts(market);
        this.vendorPortal = new VendorPortal(market, access, orders, payouts);
        this.operatorDashboard = new OperatorDashboard(market);
        this.reports = new Reports(market);
    }

    private static CityOs attach(CityOs cityOs) {
        cityOs.attachModule("marketplace", Marketplace.class.getClassLoader(), List.of(
                Tables.MKT_VENDOR, Tables.MKT_VENDOR_MEMBER, Tables.MKT_PAYOUT_ACCOUNT, Tables.MKT_PRODUCT,
                Tables.MKT_COMMISSION_RULE, Tables.MKT_ORDER, Tables.MKT_VENDOR_ORDER, Tables.MKT_ORDER_LINE,
                Tables.MKT_FULFILLMENT, Tables.MKT_REFUND, Tables.MKT_PAYOUT, Tables.MKT_PAYOUT_SCHEDULE_RUN,
                Tables.MKT_PAYOUT_REVERSAL), new MarketGauges());
        return cityOs;
    }

    /**
     * A view of this marketplace whose services join the transaction of {@code tx}, a view from
     * {@code cityOs.transaction(...)} or {@code cityOs.join(...)} of the instance this marketplace
     * was built on: what they change commits or rolls back with it. Cheap (nothing is attached or
     * migrated again); use it for one unit of work.
     */
    public Marketplace joining(CityOs tx) {
        Objects.requireNonNull(tx, "tx");
        return new Marketplace(new Market(tx, provider, payoutBatch), access);
    }

    /** A marketplace with the {@link ManualPayoutProvider} (payouts wait for {@code Payouts.settle}). */
    public static Marketplace create(CityOs cityOs) {
        return builder(cityOs).build();
    }

    /** A builder for a marketplace on {@code cityOs}. */
    public static Builder builder(CityOs cityOs) {
        return new Builder(cityOs);
    }

    /** Vendors: applications, verification, suspension, members, payout accounts. */
    public Vendors vendors() {
        return vendors;
    }

    /** Links of host products to vendors (or the platform) and categories. */
    public Products products() {
        return products;
    }

    /** The tenant's commission rule set. */
    public CommissionRules commissionRules() {
        return commissionRules;
    }

    /** Placing, fulfilling, canceling and refunding orders. */
    public Orders orders() {
        return orders;
    }

    /** Vendor balances and payout runs. */
    public Payouts payouts() {
        return payouts;
    }

    /** The vendor portal: a vendor member's products, orders, fulfillments, earnings and payouts. */
    public VendorPortal vendorPortal() {
        return vendorPortal;
    }

    /** The operator's dashboard: GMV, commission revenue, vendors by status, top vendors. */
    public OperatorDashboard operatorDashboard() {
        return operatorDashboard;
    }

    /** Commission reports (streamed CSV) and earnings statements. */
    public Reports reports() {
        return reports;
    }

    /** Configures a {@link Marketplace}; {@link #build()} attaches the module and migrates it. */
    public static final class Builder {
        /** The default of {@link #payoutBatch(int)}. */
        public static final int DEFAULT_PAYOUT_BATCH = 100;
        /** The largest {@link #payoutBatch(int)}. */
        public static final int MAX_PAYOUT_BATCH = 1000;
        private final CityOs cityOs;
        private PayoutProvider provider = new ManualPayoutProvider();
        private int payoutBatch = DEFAULT_PAYOUT_BATCH;
        private VendorNotifier notifier = new LoggingVendorNotifier();
        private VendorAccess vendorAccess = VendorAccess.membership();

        private Builder(CityOs cityOs) {
            this.cityOs = Objects.requireNonNull(cityOs, "cityOs");
        }

        /** The port payouts go through (default: {@link ManualPayoutProvider}). */
        public Builder payoutProvider(PayoutProvider provider) {
            this.provider = provider;
            return this;
        }

        /**
         * How many payouts a run hands to the provider between two commits (1 to
         * {@value #MAX_PAYOUT_BATCH}, default {@value #DEFAULT_PAYOUT_BATCH}): a batch is committed
         * {@code processing} in one transaction, the provider is asked about each of its payouts
         * under its idempotency key, and their answers are committed together in one transaction.
         * A process that dies inside a batch loses the answers of that batch only: the next run asks
         * again about those payouts under the same keys (see {@code Payouts}), so a larger batch
         * costs more repeated questions after a crash, never a second payment.
         */
        public Builder payoutBatch(int payoutBatch) {
            this.payoutBatch = payoutBatch;
            return this;
        }

        /**
         * Who tells vendors about new orders and fulfillments (default: {@link LoggingVendorNotifier});
         * it runs from the outbox when the job workers deliver {@code order.placed} and
         * {@code fulfillment.created}.
         */
        public Builder vendorNotifier(VendorNotifier notifier) {
            this.notifier = notifier;
            return this;
        }

        /**
         * Who may do what in the vendor portal (default: {@link VendorAccess#membership()});
         * {@link VendorAccess#authorizedBy} decides through the library's {@code Authorizer}
         * (the embedded policy or Cerbos).
         */
        public Builder vendorAccess(VendorAccess access) {
            this.vendorAccess = access;
            return this;
        }

        /** Builds the marketplace; a missing payout provider or vendor access fails here, naming the setting. */
        public Marketplace build() {
            if (provider == null) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "payoutProvider is null: give a PayoutProvider");
            }
            if (notifier == null) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "vendorNotifier is null: give a VendorNotifier");
            }
            if (vendorAccess == null) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "vendorAccess is null: give a VendorAccess");
            }
            if (payoutBatch < 1 || payoutBatch > MAX_PAYOUT_BATCH) {
                throw new CityOsException(ErrorCode.CONFIGURATION, "payoutBatch " + payoutBatch
                        + " must be between 1 and " + MAX_PAYOUT_BATCH);
            }
            return new Marketplace(cityOs, provider, payoutBatch, notifier, vendorAccess);
        }
    }
}
