package org.cityos.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cityos.core.CityOs;
import org.cityos.core.Fixtures;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestClock;
import org.cityos.testkit.TestDatabase;

class PublishAllTest {
    @BothDatabases
    void several_events_are_written_in_one_statement_in_order_and_only_for_the_tenant(TestDatabase db) {
        CityOs cityOs = db.cityOs(TestClock.at("2026-01-01T00:00:00Z"));
        Fixtures f = new Fixtures(cityOs);
        TenantContext a = f.ctx(f.tenant("a"));
        TenantContext b = f.ctx(f.tenant("b"));
        cityOs.db().tenant(a, tx -> cityOs.events().publishAll(tx, a, List.of(
                new NewEvent("invoice.issued", "invoice", "1", Map.of("n", 1)),
                new NewEvent("invoice.paid", "invoice", "1", Map.of("n", 2)))));
        assertThat(cityOs.events().list(a, Optional.empty(), PageRequest.first(10)).items())
                .extracting(Event::type, Event::payload)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("invoice.issued", "{\"n\":1}"),
                        org.assertj.core.groups.Tuple.tuple("invoice.paid", "{\"n\":2}"));
        assertThat(cityOs.events().list(b, Optional.empty(), PageRequest.first(10)).items()).isEmpty();
    }
}
