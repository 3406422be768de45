package org.cityos.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.cityos.core.CityOs;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Tenant;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.order.Shipment;
import org.cityos.marketplace.testing.VendorBuilder;
import org.cityos.marketplace.vendor.Vendor;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.DatabaseKind;
import org.cityos.testkit.TenantBuilder;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code payouts run} and {@code report commissions}, in-process, on a database the test prepares. */
class PayoutsAndReportCommandsTest {
    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    /** Tenant "riyadh-market" with vendors dates (2 orders released) and honey (1 order, no payout account). */
    static Tenant prepare(TestDatabase db) {
        TestClock clock = TestClock.at("2026-01-15T09:00:00Z"); // in the past: the CLI runs at the real now
        CityOs cityOs = db.cityOs(clock);
        Marketplace market = Marketplace.create(cityOs);
        TenantContext ctx = TenantBuilder.on(cityOs).handle("riyadh-market").name("Riyadh Market")
                .setting("hold_days", "1").setting("default_rate_bps", "1000").create();
        Vendor dates = VendorBuilder.in(market, ctx).handle("dates").name("Dates Co").payoutAccount("manual", "iban-1", true)
                .sells("ajwa").active();
        VendorBuilder.in(market, ctx).handle("honey").name("Honey, \"Raw\" & Co").withoutPayoutAccount().sells("sidr").active();
        market.orders().place(ctx, NewOrder.of("o1", NewOrderLine.of("a", "ajwa", 2, 4500)));
        market.orders().place(ctx, NewOrder.of("o2", NewOrderLine.of("a", "ajwa", 1, 1000), NewOrderLine.of("b", "sidr", 1, 3000)));
        market.orders().fulfill(ctx, "o1", VendorRef.of(dates.id()), Shipment.none());
        market.orders().fulfill(ctx, "o2", VendorRef.of(dates.id()), Shipment.none());
        return cityOs.tenancy().tenants().require(ctx.tenant());
    }

    static String[] db(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--jdbc-url");
        all.add(db.jdbcUrl());
        if (db.kind() == DatabaseKind.H2) {
            all.addAll(List.of("--user", "sa", "--password="));
        } else {
            all.addAll(List.of("--user", TestDatabase.APP_ROLE, "--password", TestDatabase.APP_ROLE));
        }
        return all.toArray(String[]::new);
    }

    @BothDatabases
    void payouts_run_pays_each_vendor_once_draws_progress_and_exits_0(TestDatabase db) {
        prepare(db);
        Run first = cli(db(db, "payouts", "run", "--tenant", "riyadh-market", "--provider", "always-pays"));
        assertThat(first.status).as(first.err).isZero();
        String[] lines = first.out.split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0].split("\t")).containsSubsequence("dates", "9000", "SAR", "paid");
        assertThat(lines[1]).isEqualTo("# created 1, paid 1, failed 0, in flight 0");
        assertThat(first.err).contains("\r[####################] 1/1 payouts");

        Run again = cli(db(db, "payouts", "run", "--tenant", "riyadh-market", "--provider", "always-pays", "--no-progress"));
        assertThat(again.status).isZero();
        assertThat(again.out).isEqualTo("# created 0, paid 0, failed 0, in flight 0\n");
        assertThat(again.err).isEmpty();

        // the manual provider leaves new payouts in flight for the operator: nothing new to pay here
        Run manual = cli(db(db, "payouts", "run", "--tenant", "riyadh-market"));
        assertThat(manual.status).isZero();
    }

    @BothDatabases
    void report_commissions_streams_csv_to_stdout_or_a_file(TestDatabase db) throws Exception {
        prepare(db);
        Run r = cli(db(db, "report", "commissions", "--tenant", "riyadh-market", "--from", "2026-01-01", "--to",
                "2026-01-31", "--format", "csv"));
        assertThat(r.status).as(r.err).isZero();
        String[] rows = r.out.split("\r\n");
        assertThat(rows).hasSize(4);
        assertThat(rows[0]).startsWith("placed_at,order_id,vendor_order_id,vendor,status,");
        assertThat(rows[1]).contains(",o1,").contains(",dates,fulfilled,").endsWith(",9000,0,0,0,9000,900,8100");
        assertThat(r.err).contains("3 rows").contains("# 3 rows, commission 1300, vendor net 11700");

        Path file = tmp.resolve("honey.csv");
        Run one = cli(db(db, "report", "commissions", "--tenant", "riyadh-market", "--from", "2026-01-01", "--to",
                "2026-01-31", "--vendor", "honey", "-o", file.toString(), "--no-progress"));
        assertThat(one.status).isZero();
        assertThat(one.out).isEmpty();
        assertThat(Files.readString(file).split("\r\n")).hasSize(2);

        Run none = cli(db(db, "report", "commissions", "--tenant", "riyadh-market", "--from", "2025-01-01", "--to",
                "2025-01-31", "--no-progress"));
        assertThat(none.out.split("\r\n")).hasSize(1);
    }

    @BothDatabases
    void failures_have_their_own_exit_status(TestDatabase db) {
        prepare(db);
        Run unknown = cli(db(db, "payouts", "run", "--tenant", "nowhere"));
        assertThat(unknown.status).isEqualTo(Cli.REFUSED);
        assertThat(unknown.err).contains("unknown tenant: 'nowhere'");
        assertThat(unknown.out).isEmpty();

        Run unknownVendor = cli(db(db, "report", "commissions", "--tenant", "riyadh-market", "--from", "2026-01-01",
                "--to", "2026-01-31", "--vendor", "ghost"));
        assertThat(unknownVendor.status).isEqualTo(Cli.REFUSED);
        assertThat(unknownVendor.err).contains("unknown vendor: 'ghost'");

        Run backwards = cli(db(db, "report", "commissions", "--tenant", "riyadh-market", "--from", "2026-02-01",
                "--to", "2026-01-31"));
        assertThat(backwards.status).isEqualTo(Cli.USAGE);
        assertThat(backwards.err).contains("before --from");

        Run json = cli(db(db, "report", "commissions", "--tenant", "riyadh-market", "--from", "2026-01-01",
                "--to", "2026-01-31", "--format", "json"));
        assertThat(json.status).isEqualTo(Cli.USAGE);
        assertThat(json.err).contains("--format must be csv");

        Run provider = cli(db(db, "payouts", "run", "--tenant", "riyadh-market", "--provider", "bank"));
        assertThat(provider.status).isEqualTo(Cli.USAGE);
    }

    @Test
    void usage_errors_help_and_unreachable_databases() {
        Run help = cli("payouts", "run", "--help");
        assertThat(help.status).isZero();
        assertThat(help.out).contains("--tenant").contains("--jdbc-url").contains("Exit status");
        assertThat(cli("report", "commissions", "--help").out).contains("RFC 4180");
        assertThat(cli("--help").out).contains("payouts").contains("report").contains("scenario");

        Run missing = cli("payouts", "run", "--jdbc-url", "jdbc:h2:mem:x");
        assertThat(missing.status).isEqualTo(Cli.USAGE);
        assertThat(missing.err).contains("--tenant");
        assertThat(cli("report", "commissions", "--tenant", "t", "--from", "someday", "--to", "2026-01-01",
                "--jdbc-url", "jdbc:h2:mem:x").status).isEqualTo(Cli.USAGE);
        assertThat(cli("payouts").status).isEqualTo(Cli.USAGE);

        Run down = cli("payouts", "run", "--tenant", "t", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none",
                "--user", "u", "--password", "p");
        assertThat(down.status).isEqualTo(Cli.UNAVAILABLE);
        assertThat(down.err).startsWith("cityos: ");
    }
}
