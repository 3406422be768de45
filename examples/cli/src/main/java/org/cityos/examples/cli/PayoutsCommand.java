package org.cityos.examples.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.zaxxer.hikari.HikariDataSource;
import org.cityos.core.CityOs;
import org.cityos.core.TenantContext;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.payout.AlwaysPaysProvider;
import org.cityos.marketplace.payout.ManualPayoutProvider;
import org.cityos.marketplace.payout.Payout;
import org.cityos.marketplace.payout.PayoutProvider;
import org.cityos.marketplace.payout.PayoutRun;
import org.cityos.marketplace.payout.PayoutStatus;
import org.cityos.marketplace.payout.VendorBalance;
import org.cityos.marketplace.stripe.StripeConnect;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code payouts run --tenant T}: one payout run of a tenant, now. */
@Command(name = "payouts", mixinStandardHelpOptions = true, description = "Vendor payouts.",
        subcommands = {PayoutsCommand.Run.class})
final class PayoutsCommand extends GroupCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs payouts of one tenant now: pays every active vendor with an active payout account "
                    + "its available balance (at least the tenant's min_payout), and asks the provider again about "
                    + "payouts still in flight. Safe to run again after a crash: no vendor is paid twice.",
                    "Prints one line per payout asked about (tab-separated: payout, vendor, amount, currency, status, "
                    + "reference or failure) and a summary; a progress bar on standard error.",
                    "Exit status: 0 done, 1 done but some payouts failed, 2 usage, 3 refused (unknown tenant, "
                    + "bad setting), 4 database or provider unreachable."})
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DatabaseOptions db;

        @Option(names = "--tenant", required = true, description = "the tenant, by handle or id")
        String tenant;

        @Option(names = "--provider", defaultValue = "manual",
                description = "manual (default: payouts wait for the operator), always-pays (demos), "
                        + "stripe (Stripe Connect; key from $CITYOS_STRIPE_API_KEY)")
        String provider;

        @Option(names = "--no-progress", negatable = false, description = "no progress bar")
        boolean noProgress;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            PayoutProvider payouts = provider(provider, spec.commandLine());
            try (HikariDataSource ds = db.open()) {
                CityOs cityOs = db.cityOs(ds);
                Marketplace market = Marketplace.builder(cityOs).payoutProvider(payouts).build();
                TenantContext ctx = DatabaseOptions.tenant(cityOs, tenant);
                ProgressBar bar = new ProgressBar(err, "payouts", !noProgress);
                PayoutRun run = market.payouts().run(ctx, bar::update);
                bar.finish();
                Map<String, String> handles = new HashMap<>();
                for (VendorBalance b : market.payouts().balances(ctx)) {
                    handles.put(b.vendor().toString(), b.handle());
                }
                for (Payout p : run.settled()) {
                    out.println(String.join("\t", p.id().toString(), handles.getOrDefault(p.vendor().toString(), "?"),
                            Long.toString(p.amount()), p.currency(), p.status().wire(),
                            p.failureReason().or(p::providerReference).orElse("")));
                }
                long failed = run.count(PayoutStatus.FAILED);
                out.println("# created " + run.created().size() + ", paid " + run.count(PayoutStatus.PAID) + ", failed "
                        + failed + ", in flight " + (run.count(PayoutStatus.PROCESSING) + run.count(PayoutStatus.PENDING)));
                out.flush();
                return failed > 0 ? Cli.PARTIAL : Cli.OK;
            }
        }

        private static PayoutProvider provider(String name, CommandLine cl) {
            switch (name) {
                case "manual":
                    return new ManualPayoutProvider();
                case "always-pays":
                    return new AlwaysPaysProvider();
                case "stripe":
                    String key = System.getenv("CITYOS_STRIPE_API_KEY");
                    if (key == null || key.isBlank()) {
                        throw new CommandLine.ParameterException(cl,
                                "--provider stripe needs the API key in $CITYOS_STRIPE_API_KEY");
                    }
                    return StripeConnect.builder(key).build();
                default:
                    throw new CommandLine.ParameterException(cl,
                            "--provider must be manual, always-pays or stripe, not '" + name + "'");
            }
        }
    }
}
