package org.cityos.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.cityos.sync.engine.ConflictPolicy;
import org.cityos.testkit.Properties;
import org.junit.jupiter.api.Test;

/** The merge rules on their own: ownership, last writer wins, idempotence and echoes. */
class MergeTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Map<String, String> NAMES = Map.of("id-cms", "cms", "id-shop", "shop", "id-erp", "erp");
    private static final Function<String, String> NAME = id -> NAMES.getOrDefault(id, id);

    private static Merge.Result merge(Merge.Hub hub, Map<String, Object> in, Instant at, String source, long synced,
                                      ConflictPolicy p) {
        return Merge.apply(hub, Canonical.fields(in), at, "id-" + source, source, synced, p, NAME);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void an_owned_field_takes_only_its_owners_value_once_the_owner_gave_one() {
        ConflictPolicy p = ConflictPolicy.lastWriterWins().withOwner("title", "cms").withOwner("status", "shop");
        Merge.Result first = merge(Merge.Hub.empty(), map("title", "Dates", "status", "draft"), T0, "cms", 0, p);
        assertThat(first.changed()).isTrue();
        assertThat(first.conflicts()).isEmpty(); // status filled in by a non-owner before the owner spoke
        Merge.Result owner = merge(first.hub(), map("title", "Dates", "status", "published"), T0.plusSeconds(5), "shop",
                0, p);
        assertThat(owner.hub().fields()).containsEntry("status", "published");
        Merge.Result refused = merge(owner.hub(), map("title", "Dates", "status", "draft"), T0.plusSeconds(9), "cms",
                owner.hub().version(), p);
        assertThat(refused.changed()).isFalse();
        assertThat(refused.correction()).isTrue();
        assertThat(refused.conflicts()).singleElement().satisfies(n -> {
            assertThat(n.rule()).isEqualTo("owner");
            assertThat(n.kept()).isEqualTo("published");
            assertThat(n.keptFrom()).isEqualTo("shop");
            assertThat(n.rejected()).isEqualTo("draft");
            assertThat(n.rejectedFrom()).isEqualTo("cms");
        });
    }

    @Test
    void a_side_that_saw_the_hub_value_simply_changes_it_without_conflict() {
        ConflictPolicy p = ConflictPolicy.lastWriterWins();
        Merge.Result a = merge(Merge.Hub.empty(), map("name", "Old"), T0, "cms", 0, p);
        // shop holds version 1 already (it was pushed), then edits the name at an older clock reading
        Merge.Result b = merge(a.hub(), map("name", "New"), T0.minusSeconds(60), "shop", a.hub().version(), p);
        assertThat(b.hub().fields()).containsEntry("name", "New");
        assertThat(b.conflicts()).isEmpty();
        assertThat(b.correction()).isFalse();
    }

    @Test
    void concurrent_changes_end_with_the_later_writer_whatever_order_they_arrive_in() {
        Properties.forAll(200, g -> new long[] {g.longs(1, 10_000), g.longs(1, 10_000), g.ints(0, 1)}, x -> {
            ConflictPolicy p = ConflictPolicy.lastWriterWins();
            Merge.Hub base = merge(Merge.Hub.empty(), map("name", "base"), T0, "erp", 0, p).hub();
            Instant ta = T0.plusMillis(x[0]);
            Instant tb = T0.plusMillis(x[1]);
            String first = x[2] == 0 ? "cms" : "shop";
            String second = x[2] == 0 ? "shop" : "cms";
            Instant t1 = first.equals("cms") ? ta : tb;
            Instant t2 = first.equals("cms") ? tb : ta;
            Merge.Result r1 = merge(base, map("name", "from-" + first), t1, first, base.version(), p);
            Merge.Result r2 = merge(r1.hub(), map("name", "from-" + second), t2, second, base.version(), p);
            String expected = ta.equals(tb) ? "from-" + first : ta.isAfter(tb) ? "from-cms" : "from-shop";
            assertThat(r2.hub().fields().get("name")).isEqualTo(expected);
            assertThat(r2.conflicts()).hasSize(1);
            assertThat(r2.correction()).isEqualTo(!r2.hub().fields().get("name").equals("from-" + second));
        });
    }

    @Test
    void merging_the_same_record_again_or_the_hubs_own_values_back_changes_nothing() {
        Properties.forAll(300, g -> {
            Map<String, Object> in = new LinkedHashMap<>();
            for (String f : g.list(1, 5, () -> g.oneOf("title", "status", "price", "qty", "note"))) {
                in.put(f, g.oneOf((Object) g.letters(3), g.longs(-5, 5), null, g.chance(0.5)));
            }
            return in;
        }, in -> {
            ConflictPolicy p = ConflictPolicy.lastWriterWins().withOwner("price", "shop");
            Merge.Result once = merge(Merge.Hub.empty(), in, T0, "cms", 0, p);
            Merge.Result twice = merge(once.hub(), in, T0.plusSeconds(1), "cms", once.hub().version(), p);
            assertThat(twice.changed()).isFalse();
            assertThat(twice.conflicts()).isEmpty();
            Merge.Result echo = merge(once.hub(), once.hub().fields(), T0.plusSeconds(2), "shop", once.hub().version(), p);
            assertThat(echo.changed()).isFalse();
            assertThat(echo.conflicts()).isEmpty();
        });
    }

    @Test
    void canonical_values_hash_the_same_whatever_number_type_or_key_order_they_came_in() {
        Map<String, Object> a = Canonical.fields(map("n", 5, "d", 2.50, "m", map("b", 1L, "a", 2)));
        Map<String, Object> b = Canonical.fields(map("m", map("a", 2L, "b", 1), "d", new java.math.BigDecimal("2.5"),
                "n", 5L));
        assertThat(Canonical.hash(a)).isEqualTo(Canonical.hash(b));
        assertThat(a.get("n")).isEqualTo(5L);
        assertThat(Canonical.hash(Canonical.parseObject(Canonical.json(a)))).isEqualTo(Canonical.hash(a));
    }
}
