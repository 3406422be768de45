package org.cityos.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.cityos.core.CityOs;
import org.cityos.core.Fixtures;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.event.Event;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.JobsTestSupport;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

/** Committed events reach every subscriber through the queue, in per-aggregate order; rolled-back ones never do. */
class OutboxDeliveryTest {
    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

    private static void publish(CityOs cityOs, TenantContext ctx, String type, String order, Object payload) {
        cityOs.db().tenant(ctx, tx -> cityOs.events().publish(tx, ctx, type, "order", order, payload));
    }

    @BothDatabases
    void each_subscriber_gets_each_committed_event_and_none_from_a_rolled_back_transaction(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        TenantContext ctx = f.ctx(f.tenant("t1"));
        CityOs cityOs = f.cityOs;
        List<String> mailer = new CopyOnWriteArrayList<>();
        List<String> ledger = new CopyOnWriteArrayList<>();
        cityOs.events().subscribe("order.placed", "mailer", d -> mailer.add(d.event().type() + ":" + d.event().aggregateId()));
        cityOs.events().subscribe("*", "ledger", d -> {
            assertThat(d.tenant().tenant()).isEqualTo(ctx.tenant());
            ledger.add(d.event().type() + ":" + d.event().aggregateId());
        });

        publish(cityOs, ctx, "order.placed", "o1", Map.of("total", 100));
        publish(cityOs, ctx, "order.paid", "o1", Map.of());
        assertThatThrownBy(() -> cityOs.db().tenant(ctx, tx -> {
            cityOs.events().publish(tx, ctx, "order.placed", "order", "o2", Map.of());
            throw new IllegalStateException("the order was not saved");
        })).hasMessage("the order was not saved");

        assertThat(JobsTestSupport.runUntilIdle(cityOs)).isEqualTo(3);
        assertThat(mailer).containsExactly("order.placed:o1");
        assertThat(ledger).containsExactly("order.placed:o1", "order.paid:o1");
        assertThat(cityOs.events().list(ctx, java.util.Optional.empty(), PageRequest.first(10)).items())
                .extracting(Event::aggregateId).containsExactly("o1", "o1");
    }

    @BothDatabases
    void a_subscriber_registered_on_another_node_is_fanned_out_to_by_every_publisher(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        TenantContext ctx = f.ctx(f.tenant("t1"));
        CityOs consumerNode = db.cityOs(clock);
        AtomicInteger got = new AtomicInteger();
        consumerNode.events().subscribe("order.placed", "search-index", d -> got.incrementAndGet());

        publish(f.cityOs, ctx, "order.placed", "o1", Map.of()); // published on the node without the subscriber
        assertThat(JobsTestSupport.runUntilIdle(f.cityOs)).isZero(); // not its subscriber: left alone
        assertThat(JobsTestSupport.runUntilIdle(consumerNode)).isEqualTo(1);
        assertThat(got).hasValue(1);
    }

    @BothDatabases
    void events_of_one_aggregate_reach_a_subscriber_in_publication_order_even_across_retries(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        TenantContext ctx = f.ctx(f.tenant("t1"));
        CityOs cityOs = f.cityOs;
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        cityOs.events().subscribe("*", "projector", d -> {
            String s = d.event().aggregateId() + ":" + d.event().type();
            if (s.equals("o1:order.placed") && failures.getAndIncrement() == 0) {
                throw new IllegalStateException("projection store unavailable");
            }
            seen.add(s);
        });
        publish(cityOs, ctx, "order.placed", "o1", Map.of());
        publish(cityOs, ctx, "order.placed", "o2", Map.of());
        publish(cityOs, ctx, "order.paid", "o1", Map.of());
        publish(cityOs, ctx, "order.paid", "o2", Map.of());
        publish(cityOs, ctx, "order.shipped", "o1", Map.of());

        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(seen).containsExactly("o2:order.placed", "o2:order.paid"); // o1 waits behind its failed head
        clock.advance(Duration.ofHours(1));
        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(seen).containsExactly("o2:order.placed", "o2:order.paid",
                "o1:order.placed", "o1:order.paid", "o1:order.shipped");
    }

    @BothDatabases
    void mark_if_first_lets_a_subscriber_skip_an_event_it_processed_already(TestDatabase db) {
        Fixtures f = new Fixtures(db.cityOs(clock));
        TenantContext ctx = f.ctx(f.tenant("t1"));
        CityOs cityOs = f.cityOs;
        AtomicInteger effects = new AtomicInteger();
        List<Boolean> firsts = new CopyOnWriteArrayList<>();
        cityOs.events().subscribe("order.placed", "once", d -> {
            boolean first = d.markIfFirst();
            firsts.add(first);
            if (first) {
                effects.incrementAndGet();
            }
            if (d.job().attempt() == 1) {
                // the mark is in the delivery's transaction: a failed attempt rolls it back too
                throw new IllegalStateException("fails after marking");
            }
        });
        publish(cityOs, ctx, "order.placed", "o1", Map.of());
        JobsTestSupport.runUntilIdle(cityOs);
        clock.advance(Duration.ofHours(1));
        JobsTestSupport.runUntilIdle(cityOs);
        assertThat(firsts).containsExactly(true, true);

        // a redelivery (the same event again) is recognised
        java.util.UUID eventId = cityOs.events().list(ctx, java.util.Optional.empty(), PageRequest.first(1)).items()
                .get(0).id();
        assertThat((Object) cityOs.db().tenant(ctx, tx -> cityOs.events().markIfFirst(tx, ctx.tenant(), "once", eventId)))
                .isEqualTo(false);
        assertThat((Object) cityOs.db().tenant(ctx, tx -> cityOs.events().markIfFirst(tx, ctx.tenant(), "other", eventId)))
                .isEqualTo(true);
    }
}
