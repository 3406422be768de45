package org.cityos.marketplace.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;

import org.cityos.core.CityOsException;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Validate;
import org.cityos.marketplace.DateRange;
import org.cityos.marketplace.PayoutId;
import org.cityos.marketplace.VendorOrderId;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.internal.Csv;
import org.cityos.marketplace.internal.InsightRepository;
import org.cityos.marketplace.internal.Market;
import org.cityos.marketplace.internal.PayoutRepository;
import org.cityos.marketplace.internal.VendorRepository;
import org.cityos.marketplace.internal.db.Tables;
import org.cityos.marketplace.payout.Payout;
import org.cityos.marketplace.vendor.Vendor;
import org.jooq.Cursor;
import org.jooq.Record;

/**
 * Reports: the commission report (one row per vendor order placed in a range, per tenant or per
 * vendor) streamed as RFC 4180 CSV through a database cursor, never held in memory; and the
 * earnings statement of a payout. Amounts are whole minor units, times ISO-8601 UTC.
 */
public final class Reports {
    /** Rows fetched from the database per round trip while streaming. */
    public static final int FETCH_SIZE = 500;
    /** How often, in rows, a streaming report tells its progress. */
    public static final int PROGRESS_EVERY = 100;
    private final Market market;

    /** For {@code Marketplace}; hosts get this service from {@code Marketplace.reports()}. */
    public Reports(Market market) {
        this.market = market;
    }

    /** As {@link #commissions(TenantContext, DateRange, Optional, Writer, LongConsumer)} without progress. */
    public ReportTotals commissions(TenantContext ctx, DateRange range, Optional<VendorRef> vendor, Writer out) {
        return commissions(ctx, range, vendor, out, n -> { });
    }

    /**
     * Writes the commission report of the vendor orders placed in {@code range} (dates in the
     * tenant's time zone) to {@code out}: a header, then one row per vendor order of a vendor,
     * by placement time. The platform's own orders are left out (they earn no commission). Reads
     * through a cursor in one transaction, so the report is one consistent snapshot; calls
     * {@code progress} with the rows written so far every {@value #PROGRESS_EVERY} rows and at the end.
     *
     * @throws CityOsException {@code unknown_vendor}; {@code forbidden} for another vendor's user,
     *                         or a vendor user asking for the whole tenant
     * @throws UncheckedIOException when writing fails
     */
    public ReportTotals commissions(TenantContext ctx, DateRange range, Optional<VendorRef> vendor, Writer out,
                                    LongConsumer progress) {
        Validate.required("range", range);
        Validate.required("vendor", vendor);
        Validate.required("out", out);
        return market.read(ctx, tx -> {
            market.requireTenant(tx, ctx);
            UUID only = null;
            if (vendor.isPresent()) {
                Vendor v = VendorRepository.resolve(tx, ctx, vendor.get())
                        .orElseThrow(() -> CityOsException.invalid("vendor", "platform", "earns no commission"));
                Market.requireVendorAccess(tx, ctx, v.id().value(), "read the commission report");
                only = v.id().value();
            } else {
                Market.requireOperator(ctx, "read the tenant's commission report");
            }
            ZoneId zone = market.zone(tx, ctx);
            long rows = 0;
            long subtotal = 0;
            long discount = 0;
            long refunded = 0;
            long shipping = 0;
            long sales = 0;
            long commission = 0;
            long net = 0;
            var vo = Tables.MKT_VENDOR_ORDER;
            var o = Tables.MKT_ORDER;
            try (Cursor<? extends Record> c = InsightRepository.reportCursor(tx, ctx, only, range.start(zone),
                    range.end(zone), FETCH_SIZE)) {
                Csv.row(out, InsightRepository.REPORT_COLUMNS.toArray());
                for (Record r : c) {
                    long rs = r.get("sales", Long.class);
                    Csv.row(out, instant(r.get(vo.PLACED_AT)), r.get(o.EXTERNAL_ID), r.get(vo.ID),
                            r.get(Tables.MKT_VENDOR.HANDLE), r.get(vo.STATUS).toLowerCase(Locale.ROOT),
                            instant(r.get(vo.FULFILLED_AT)), instant(r.get(vo.RELEASED_AT)), r.get(o.CURRENCY),
                            r.get(vo.SUBTOTAL), r.get(vo.DISCOUNT), r.get(vo.REFUNDED_BASIS), r.get(vo.SHIPPING), rs,
                            r.get(vo.COMMISSION), r.get(vo.VENDOR_NET));
                    rows++;
                    subtotal += r.get(vo.SUBTOTAL);
                    discount += r.get(vo.DISCOUNT);
                    refunded += r.get(vo.REFUNDED_BASIS);
                    shipping += r.get(vo.SHIPPING);
                    sales += rs;
                    commission += r.get(vo.COMMISSION);
                    net += r.get(vo.VENDOR_NET);
                    if (rows % PROGRESS_EVERY == 0) {
                        progress.accept(rows);
                    }
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the commission report", e);
            }
            progress.accept(rows);
            return new ReportTotals(rows, subtotal, discount, refunded, shipping, sales, commission, net);
        });
    }

    /**
     * The earnings statement of a payout (see {@link EarningsStatement}).
     *
     * @throws CityOsException {@code not_found}; {@code forbidden} for another vendor's user
     */
    public EarningsStatement statement(TenantContext ctx, PayoutId id) {
        Validate.required("payout id", id);
        return market.read(ctx, tx -> {
            Payout p = PayoutRepository.find(tx, ctx, id.value()).orElseThrow(() -> CityOsException.notFound("payout", id));
            Market.requireVendorAccess(tx, ctx, p.vendor().value(), "read the earnings statement");
            Vendor v = VendorRepository.require(tx, ctx, p.vendor());
            Optional<OffsetDateTime> start = InsightRepository.previousPayout(tx, ctx, p.vendor().value(), p.runAt());
            var vo = Tables.MKT_VENDOR_ORDER;
            List<StatementLine> lines = new ArrayList<>();
            long subtotal = 0;
            long commission = 0;
            long net = 0;
            for (Record r : InsightRepository.released(tx, ctx, p.vendor().value(), start.orElse(null), p.runAt())) {
                StatementLine l = new StatementLine(new VendorOrderId(r.get(vo.ID)), r.get(Tables.MKT_ORDER.EXTERNAL_ID),
                        r.get(vo.RELEASED_AT), r.get(vo.SUBTOTAL), r.get(vo.DISCOUNT), r.get(vo.REFUNDED_BASIS),
                        r.get(vo.SHIPPING), r.get(vo.COMMISSION), r.get(vo.VENDOR_NET));
                lines.add(l);
                subtotal += l.subtotal();
                commission += l.commission();
                net += l.net();
            }
            return new EarningsStatement(p, v.handle(), start, p.runAt(), lines, subtotal, commission, net,
                    p.amount() - net);
        });
    }

    /**
     * Writes a statement as RFC 4180 CSV: a header, one row per vendor order, then an
     * {@code adjustments} row and a {@code payout} row whose nets add up to the payout.
     */
    public static void writeStatement(EarningsStatement s, Writer out) {
        try {
            Csv.row(out, "kind", "vendor_order_id", "order_id", "released_at", "subtotal", "discount", "refunded",
                    "shipping", "commission", "net");
            for (StatementLine l : s.lines()) {
                Csv.row(out, "order", l.vendorOrder(), l.orderId(), instant(l.releasedAt()), l.subtotal(), l.discount(),
                        l.refunded(), l.shipping(), l.commission(), l.net());
            }
            Csv.row(out, "adjustments", "", "", "", "", "", "", "", "", s.adjustments());
            Csv.row(out, "payout", s.payout().id(), "", instant(s.periodEnd()), s.subtotal(), "", "", "", s.commission(),
                    s.payout().amount());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the statement", e);
        }
    }

    private static String instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
