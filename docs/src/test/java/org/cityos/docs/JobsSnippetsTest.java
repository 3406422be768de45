package org.cityos.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cityos.core.CityOs;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.TenantId;
import org.cityos.core.event.Event;
import org.cityos.core.job.JobWorkers;
import org.cityos.core.job.Jobs;
import org.cityos.core.job.MisfirePolicy;
import org.cityos.core.job.NewJob;
import org.cityos.core.job.Schedule;
import org.cityos.core.job.ScheduleState;
import org.cityos.core.webhook.StripeSignatures;
import org.cityos.marketplace.Marketplace;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.sync.Sync;
import org.cityos.sync.SyncConfig;
import org.cityos.sync.webhook.InboundMessage;
import org.cityos.sync.webhook.InboundResult;
import org.cityos.sync.webhook.InboundSource;
import org.cityos.sync.webhook.NewEndpoint;
import org.cityos.sync.webhook.WebhookEndpoint;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/**
 * docs/jobs.md: a job registered, enqueued and run, schedules, an outbox subscriber, an outbound
 * endpoint and the inbound intake, all run on both databases.
 */
class JobsSnippetsTest {
    private final TestClock clock = TestClock.at("2026-01-05T09:00:00Z");
    /** What the host's stand-in services were asked to do, in order. */
    private final List<String> done = new CopyOnWriteArrayList<>();

    @BothDatabases
    void a_job_is_registered_enqueued_and_run_once(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        TenantId tenantId = DocsFixtures.tenant(cityOs, "riyadh-market").id();
        String id = "inv-1";
        String customerId = "cust-42";

        Jobs jobs = cityOs.jobs();
        jobs.register("invoice.send", ctx -> {
            InvoiceRef ref = ctx.payload(InvoiceRef.class);
            TenantContext tenant = ctx.requireTenant();      // the job's tenant as system:jobs
            billing(cityOs.join(ctx.tx())).send(tenant, ref);  // work in the job's own transaction
        });
        jobs.enqueue(NewJob.of("invoice.send", new InvoiceRef(id))
                .withTenant(tenantId)
                .withIdempotencyKey("invoice-send:" + id)      // a second enqueue is a no-op
                .withOrderingKey("customer:" + customerId)     // one at a time, in enqueue order
                .withDelay(Duration.ofMinutes(5))
                .withMaxAttempts(8));

        JobWorkers workers = JobWorkers.builder(cityOs).threads(4).batchSize(10)
                .pollInterval(Duration.ofMillis(500)).commitWindow(Duration.ofMillis(50)).build().start();
        // ... at shutdown
        workers.close();

        jobs.enqueue(NewJob.of("invoice.send", new InvoiceRef(id)).withTenant(tenantId)
                .withIdempotencyKey("invoice-send:" + id));
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isZero();        // due in five minutes
        clock.advance(Duration.ofMinutes(5));
        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(1);
        assertThat(done).containsExactly("send inv-1 in " + tenantId + " as system:jobs");
    }

    @BothDatabases
    void schedules(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        Jobs jobs = cityOs.jobs();
        TenantId t = DocsFixtures.tenant(cityOs, "riyadh-market").id();

        jobs.schedule(Schedule.cron("nightly-report", "0 3 * * *", "report.run")
                .withZone(ZoneId.of("Asia/Riyadh"))
                .withMisfire(MisfirePolicy.FIRE_ONCE_NOW, Duration.ofMinutes(1)));
        jobs.schedule(Schedule.every("sync-catalog", Duration.ofMinutes(15), "catalog.sync").withTenant(t));

        assertThat(jobs.schedules()).extracting(s -> s.schedule().name()).containsExactlyInAnyOrder(
                "nightly-report", "sync-catalog");
        ScheduleState nightly = jobs.schedules().stream().filter(s -> s.schedule().name().equals("nightly-report"))
                .findFirst().orElseThrow();
        assertThat(nightly.nextRunAt()).isEqualTo("2026-01-06T00:00:00Z");   // 03:00 in Riyadh
    }

    @BothDatabases
    void an_outbox_subscriber_gets_an_event_once(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        TenantContext admin = TenantContext.of(DocsFixtures.tenant(cityOs, "riyadh-market").id(), DocsFixtures.ADMIN);

        cityOs.events().subscribe("order.placed", "mailer", d -> {
            if (d.markIfFirst()) {                // effectively once per subscriber
                mail(cityOs.join(d.tx()), d.tenant(), d.event());
            }
        });

        Marketplace market = Marketplace.create(cityOs);
        market.products().link(admin, "gift-wrap", VendorRef.platform(), Optional.empty());
        market.orders().place(admin, NewOrder.of("ord-1001", NewOrderLine.of("a", "gift-wrap", 1, 1000)));
        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(done).containsExactly("mail order.placed ord-1001 as system:jobs");
    }

    @BothDatabases
    void an_inbound_stripe_webhook_is_verified_logged_and_handled(TestDatabase db) {
        CityOs cityOs = db.cityOs(clock);
        TenantContext ctx = TenantContext.of(DocsFixtures.tenant(cityOs, "riyadh-market").id(), DocsFixtures.ADMIN);
        Sync sync = Sync.create(cityOs);
        String stripeSigningSecret = "whsec_test_secret";
        byte[] rawBody = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"pi_1\"}}}"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of(StripeSignatures.HEADER,
                StripeSignatures.header(stripeSigningSecret, clock.instant().getEpochSecond(), rawBody));

        sync.inbound().register(InboundSource.stripe("stripe", stripeSigningSecret)
                .on("payment_intent.succeeded", (msg, job) -> payments(cityOs.join(job.tx())).settle(msg)));
        InboundResult r = sync.inbound().receive(ctx, "stripe", headers, rawBody);  // answer 2xx

        assertThat(r.duplicate()).isFalse();
        assertThat(sync.inbound().receive(ctx, "stripe", headers, rawBody).duplicate()).isTrue();
        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(done).containsExactly("settle evt_1 payment_intent.succeeded");
    }

    @BothDatabases
    void an_outbound_endpoint_is_registered_with_its_secret(TestDatabase db) {
        DocsFixtures.assumeExampleHostsResolve();
        CityOs cityOs = db.cityOs(clock);
        TenantContext ctx = TenantContext.of(DocsFixtures.tenant(cityOs, "riyadh-market").id(), DocsFixtures.ADMIN);

        Sync sync = Sync.create(cityOs, SyncConfig.builder().disableAfterFailures(20).build());
        WebhookEndpoint ep = sync.outbound().createEndpoint(ctx, NewEndpoint.of("https://hooks.example.com/cityos",
                "order.placed", "fulfillment.created"));
        // show ep.secret() (whsec_...) to the receiver's owner once

        assertThat(ep.secret()).startsWith("whsec_");
        assertThat(ep.enabled()).isTrue();
        assertThat(sync.outbound().endpoints(ctx, PageRequest.first(10)).items()).extracting(WebhookEndpoint::eventTypes)
                .containsExactly(Set.of("order.placed", "fulfillment.created"));
    }

    /** A host's job payload: a reference, not the data. */
    record InvoiceRef(String id) {
    }

    /** The host's invoice sender, bound to the job's transaction. */
    private InvoiceSender billing(CityOs tx) {
        return (tenant, ref) -> done.add("send " + ref.id() + " in " + tenant.tenant() + " as " + tenant.principal().actor());
    }

    /** The host's mailer, bound to the delivery's transaction. */
    private void mail(CityOs tx, TenantContext tenant, Event event) {
        done.add("mail " + event.type() + " " + event.aggregateId() + " as " + tenant.principal().actor());
    }

    /** The host's payments service, bound to the job's transaction. */
    private Payments payments(CityOs tx) {
        return msg -> done.add("settle " + msg.senderId() + " " + msg.eventType());
    }

    /** Sends an invoice (a host service). */
    interface InvoiceSender {
        void send(TenantContext tenant, InvoiceRef ref);
    }

    /** Settles a payment from a webhook (a host service). */
    interface Payments {
        void settle(InboundMessage msg);
    }
}
