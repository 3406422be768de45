package org.cityos.examples.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.zaxxer.hikari.HikariDataSource;
import org.cityos.core.CityOs;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.DateRange;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.report.ReportTotals;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code report commissions --tenant T --from D --to D --format csv}. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Reports.",
        subcommands = {ReportCommand.Commissions.class})
final class ReportCommand extends GroupCommand {

    @Command(name = "commissions", mixinStandardHelpOptions = true,
            description = {"Streams the commission report of one tenant (or one vendor) as RFC 4180 CSV with a "
                    + "header: one row per vendor order placed from --from to --to (inclusive, the tenant's time "
                    + "zone). Rows go out as they are read; a row count on standard error.",
                    "Exit status: 0 done, 2 usage, 3 refused (unknown tenant or vendor), 4 database unreachable."})
    static final class Commissions implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DatabaseOptions db;

        @Option(names = "--tenant", required = true, description = "the tenant, by handle or id")
        String tenant;

        @Option(names = "--from", required = true, description = "first day, e.g. 2026-01-01")
        LocalDate from;

        @Option(names = "--to", required = true, description = "last day, e.g. 2026-01-31")
        LocalDate to;

        @Option(names = "--vendor", description = "only this vendor (by handle)")
        String vendor;

        @Option(names = "--format", defaultValue = "csv", description = "csv (the only format)")
        String format;

        @Option(names = {"-o", "--output"}, description = "write to this file instead of standard output")
        Path output;

        @Option(names = "--no-progress", negatable = false, description = "no row count on standard error")
        boolean noProgress;

        @Override
        public Integer call() throws IOException {
            if (!"csv".equals(format)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format must be csv, not '" + format + "'");
            }
            if (to.isBefore(from)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--to " + to + " is before --from " + from);
            }
            PrintWriter err = spec.commandLine().getErr();
            try (HikariDataSource ds = db.open()) {
                CityOs cityOs = db.cityOs(ds);
                Marketplace market = Marketplace.create(cityOs);
                TenantContext ctx = DatabaseOptions.tenant(cityOs, tenant);
                ProgressBar bar = new ProgressBar(err, "rows", !noProgress);
                ReportTotals totals;
                if (output != null) {
                    try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                        totals = write(market, ctx, w, bar);
                    }
                } else {
                    Writer w = new BufferedWriter(new PrintWriterWriter(spec.commandLine().getOut()));
                    totals = write(market, ctx, w, bar);
                }
                bar.finish();
                if (!noProgress) {
                    err.println("# " + totals.rows() + " rows, commission " + totals.commission() + ", vendor net "
                            + totals.vendorNet());
                    err.flush();
                }
                return Cli.OK;
            }
        }

        private ReportTotals write(Marketplace market, TenantContext ctx, Writer w, ProgressBar bar) throws IOException {
            ReportTotals t = market.reports().commissions(ctx, DateRange.of(from, to),
                    Optional.ofNullable(vendor).map(VendorRef::handle), w, bar::count);
            w.flush();
            return t;
        }
    }

    /** A Writer onto picocli's PrintWriter (which is what tests capture). */
    private static final class PrintWriterWriter extends Writer {
        private final PrintWriter out;

        PrintWriterWriter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            out.write(buf, off, len);
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
