package org.cityos.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.payout.Payout;
import org.cityos.marketplace.payout.PayoutResult;
import org.cityos.marketplace.payout.PayoutStatus;
import org.cityos.marketplace.payout.VendorBalance;
import org.cityos.marketplace.report.EarningsStatement;
import org.cityos.marketplace.report.ReportTotals;
import org.cityos.marketplace.report.Reports;
import org.cityos.marketplace.vendor.MemberRole;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

class ReportsTest {
    private static final DateRange ALL = DateRange.of(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31));

    /** Parses RFC 4180 text strictly: CRLF records, quoted fields with doubled quotes. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (i < csv.length()) {
            char c = csv.charAt(i);
            if (c == '"' && field.length() == 0) {
                i++;
                while (true) {
                    char q = csv.charAt(i++);
                    if (q == '"') {
                        if (i < csv.length() && csv.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(q);
                    }
                }
                continue;
            }
            if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                i++;
            } else if (c == '\r') {
                assertThat(csv.charAt(i + 1)).isEqualTo('\n');
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i += 2;
            } else {
                assertThat(c).isNotEqualTo('\n');
                field.append(c);
                i++;
            }
        }
        assertThat(row).isEmpty();
        return rows;
    }

    private static String csv(Fixture f, TenantContext ctx, Optional<VendorRef> vendor) {
        StringWriter out = new StringWriter();
        f.market.reports().commissions(ctx, ALL, vendor, out);
        return out.toString();
    }

    @BothDatabases
    void the_commission_report_is_rfc4180_with_a_header_and_one_row_per_vendor_order(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-03-01T08:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of("hold_days", "0"));
        Vendor a = f.activeVendor(ctx, "a");
        f.market.products().link(ctx, "p1", VendorRef.of(a.id()), Optional.empty());
        f.market.products().link(ctx, "house", VendorRef.platform(), Optional.empty());
        f.market.orders().place(ctx, NewOrder.of("ord,1 \"gift\"", NewOrderLine.of("l1", "p1", 2, 1500),
                NewOrderLine.of("l2", "house", 1, 999)));
        f.market.orders().fulfill(ctx, "ord,1 \"gift\"", VendorRef.of(a.id()), Shipment.none());
        String text = csv(f, ctx, Optional.empty());
        assertThat(text).startsWith("placed_at,order_id,vendor_order_id,vendor,status,fulfilled_at,released_at,currency,"
                + "subtotal,discount,refunded,shipping,sales,commission,vendor_net\r\n");
        assertThat(text).contains(",\"ord,1 \"\"gift\"\"\",");
        List<List<String>> rows = parse(text);
        assertThat(rows).hasSize(2); // the platform's part is not in a commission report
        assertThat(rows.get(1)).containsExactly("2026-03-01T08:00:00Z", "ord,1 \"gift\"",
                f.market.orders().require(ctx, "ord,1 \"gift\"").vendorOrders().get(0).id().toString(), "a", "fulfilled",
                "2026-03-01T08:00:00Z", "2026-03-01T08:00:00Z", "SAR", "3000", "0", "0", "0", "3000", "300", "2700");
        // an empty range still has its header
        StringWriter empty = new StringWriter();
        ReportTotals none = f.market.reports().commissions(ctx, DateRange.of(LocalDate.of(2025, 1, 1),
                LocalDate.of(2025, 1, 2)), Optional.empty(), empty);
        assertThat(none.rows()).isZero();
        assertThat(parse(empty.toString())).hasSize(1);
    }

    @BothDatabases
    void report_totals_reconcile_with_balances_to_the_minor_unit(TestDatabase db) {
        PayoutsTest.ScriptedProvider provider = new PayoutsTest.ScriptedProvider();
        Fixture f = new Fixture(db, "2026-03-01T08:00:00Z", provider);
        TenantContext ctx = f.tenant("t1", Map.of("hold_days", "2", "default_rate_bps", "1234"));
        List<Vendor> vendors = List.of(f.activeVendor(ctx, "a"), f.activeVendor(ctx, "b"), f.activeVendor(ctx, "c"));
        for (Vendor v : vendors) {
            f.market.products().link(ctx, "p-" + v.handle(), VendorRef.of(v.id()), Optional.empty());
        }
        var orders = f.market.orders();
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 30; i++) {
            Vendor v = vendors.get(rnd.nextInt(3));
            Vendor w = vendors.get(rnd.nextInt(3));
            String id = "o" + i;
            var order = NewOrder.of(id, NewOrderLine.of("l1", "p-" + v.handle(), 1 + rnd.nextInt(3), 333 + rnd.nextInt(5000)),
                    NewOrderLine.of("l2", "p-" + w.handle(), 1 + rnd.nextInt(3), 1 + rnd.nextInt(999)))
                    .withDiscount(rnd.nextInt(300)).withShipping(VendorRef.of(v.id()), rnd.nextInt(700));
            orders.place(ctx, order);
            switch (i % 5) {
                case 0 -> orders.cancel(ctx, id, VendorRef.of(w.id()));
                case 1, 2 -> orders.fulfill(ctx, id, VendorRef.of(v.id()), Shipment.none());
                case 3 -> {
                    orders.fulfill(ctx, id, VendorRef.of(v.id()), Shipment.none());
                    orders.refund(ctx, id, "l1", 1);
                }
                default -> { }
            }
            f.clock.advance(Duration.ofHours(7));
            if (i == 12) {
                provider.answer = in -> PayoutResult.failed("nope");
                f.market.payouts().run(ctx);
                provider.answer = in -> PayoutResult.paid("ok-" + in.idempotencyKey());
            }
            if (i == 20) {
                for (Payout p : f.market.payouts().run(ctx).settled()) {
                    if (p.status() == PayoutStatus.PAID && p.amount() > 100) {
                        f.market.payouts().recordReversal(ctx, p.id(), 77, Optional.of("trr"));
                    }
                }
            }
            if (i == 25) {
                provider.answer = in -> PayoutResult.pending(null);
                f.market.payouts().run(ctx);
                provider.answer = in -> PayoutResult.paid("ok-" + in.idempotencyKey());
            }
        }
        // refunds after payouts too
        orders.refund(ctx, "o3", "l2", 1);

        String text = csv(f, ctx, Optional.empty());
        List<List<String>> rows = parse(text);
        Map<String, long[]> byVendor = new HashMap<>();
        long commission = 0;
        for (List<String> r : rows.subList(1, rows.size())) {
            long[] sums = byVendor.computeIfAbsent(r.get(3), k -> new long[2]);
            sums[0] += Long.parseLong(r.get(14));
            sums[1] += Long.parseLong(r.get(13));
            commission += Long.parseLong(r.get(13));
            // each row's own arithmetic: vendor_net = sales - commission
            assertThat(Long.parseLong(r.get(14))).isEqualTo(Long.parseLong(r.get(12)) - Long.parseLong(r.get(13)));
        }
        long netTotal = 0;
        for (VendorBalance b : f.market.payouts().balances(ctx)) {
            long net = byVendor.getOrDefault(b.handle(), new long[2])[0];
            assertThat(b.pending() + b.available() + b.inTransit() + b.paid()).as(b.handle()).isEqualTo(net);
            StringWriter one = new StringWriter();
            ReportTotals t = f.market.reports().commissions(ctx, ALL, Optional.of(VendorRef.of(b.vendor())), one);
            assertThat(t.vendorNet()).isEqualTo(net);
            assertThat(t.commission()).isEqualTo(byVendor.get(b.handle())[1]);
            netTotal += net;
        }
        StringWriter sink = new StringWriter();
        ReportTotals totals = f.market.reports().commissions(ctx, ALL, Optional.empty(), sink);
        assertThat(totals.vendorNet()).isEqualTo(netTotal);
        assertThat(totals.rows()).isEqualTo(rows.size() - 1);
        assertThat(totals.commission()).isEqualTo(commission)
                .isEqualTo(f.market.operatorDashboard().figures(ctx, ALL, 5).commission());
        assertThat(totals.sales() - totals.commission()).isEqualTo(totals.vendorNet());
    }

    @BothDatabases
    void an_earnings_statement_lists_what_a_payout_paid_for_and_adds_up_to_it(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-03-01T08:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of("hold_days", "0"));
        Vendor a = f.activeVendor(ctx, "a");
        f.market.products().link(ctx, "p1", VendorRef.of(a.id()), Optional.empty());
        var orders = f.market.orders();
        for (String id : List.of("o1", "o2")) {
            orders.place(ctx, NewOrder.of(id, NewOrderLine.of("l1", "p1", 2, 1000)));
            orders.fulfill(ctx, id, VendorRef.of(a.id()), Shipment.none());
        }
        f.clock.advance(Duration.ofHours(1));
        Payout first = f.market.payouts().run(ctx).created().get(0);
        f.clock.advance(Duration.ofMinutes(1));
        // a refund after the payout, then a new sale
        orders.refund(ctx, "o1", "l1", 1);
        orders.place(ctx, NewOrder.of("o3", NewOrderLine.of("l1", "p1", 1, 5000)));
        orders.fulfill(ctx, "o3", VendorRef.of(a.id()), Shipment.none());
        f.clock.advance(Duration.ofHours(1));
        Payout second = f.market.payouts().run(ctx).created().get(0);
        assertThat(second.amount()).isEqualTo(4500 - 900);

        EarningsStatement s1 = f.market.reports().statement(ctx, first.id());
        assertThat(s1.lines()).extracting(l -> l.orderId()).containsExactly("o1", "o2");
        assertThat(s1.periodStart()).isEmpty();
        // at current figures o1 is now worth 900: the difference is an adjustment
        assertThat(s1.net() + s1.adjustments()).isEqualTo(first.amount()).isEqualTo(3600);
        assertThat(s1.adjustments()).isEqualTo(900);

        EarningsStatement s2 = f.market.reports().statement(ctx, second.id());
        assertThat(s2.lines()).extracting(l -> l.orderId()).containsExactly("o3");
        assertThat(s2.periodStart()).contains(first.runAt());
        assertThat(s2.net()).isEqualTo(4500);
        assertThat(s2.adjustments()).isEqualTo(-900);
        StringWriter out = new StringWriter();
        Reports.writeStatement(s2, out);
        List<List<String>> rows = parse(out.toString());
        assertThat(rows).hasSize(4);
        assertThat(rows.get(3)).startsWith("payout", second.id().toString());
        assertThat(rows.get(3).get(9)).isEqualTo("3600");

        // vendor users: their own statements only; the whole-tenant report is the operator's
        Vendor b = f.activeVendor(ctx, "b");
        f.market.vendors().putMember(ctx, b.id(), "bob", MemberRole.OWNER);
        TenantContext bob = TenantContext.of(ctx.tenant(), Principal.user("bob", Marketplace.VENDOR_ROLE));
        assertThatThrownBy(() -> f.market.reports().statement(bob, first.id()))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> csv(f, bob, Optional.empty()))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> csv(f, bob, Optional.of(VendorRef.of(a.id()))))
                .isInstanceOfSatisfying(CityOsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(parse(csv(f, bob, Optional.of(VendorRef.of(b.id()))))).hasSize(1);
    }

    @BothDatabases
    void the_report_streams_in_batches_and_tells_its_progress(TestDatabase db) {
        Fixture f = new Fixture(db, "2026-03-01T08:00:00Z");
        TenantContext ctx = f.tenant("t1", Map.of("hold_days", "0"));
        Vendor a = f.activeVendor(ctx, "a");
        f.market.products().link(ctx, "p1", VendorRef.of(a.id()), Optional.empty());
        int n = 2 * Reports.PROGRESS_EVERY + 20;
        for (int i = 0; i < n; i++) {
            f.market.orders().place(ctx, NewOrder.of("o" + i, NewOrderLine.of("l1", "p1", 1, 100 + i)));
        }
        List<Long> progress = new ArrayList<>();
        StringWriter out = new StringWriter();
        ReportTotals t = f.market.reports().commissions(ctx, ALL, Optional.empty(), out, progress::add);
        assertThat(t.rows()).isEqualTo(n);
        assertThat(progress).containsExactly(100L, 200L, (long) n);
        assertThat(out.toString().split("\r\n")).hasSize(n + 1);
    }
}
