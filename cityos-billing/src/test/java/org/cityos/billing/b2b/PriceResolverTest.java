package org.cityos.billing.b2b;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityos.billing.b2b.B2bFixture.id;
import static org.cityos.billing.b2b.B2bFixture.refused;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.company.Company;
import org.cityos.billing.b2b.company.EmployeeRole;
import org.cityos.billing.b2b.company.NewCompany;
import org.cityos.billing.b2b.company.NewEmployee;
import org.cityos.billing.b2b.pricing.CustomerGroup;
import org.cityos.billing.b2b.pricing.NewPriceList;
import org.cityos.billing.b2b.pricing.PriceList;
import org.cityos.billing.b2b.pricing.PriceListTarget;
import org.cityos.billing.b2b.pricing.ProductPrice;
import org.cityos.billing.b2b.pricing.ResolvedPrice;
import org.cityos.billing.b2b.internal.LadderTestSupport;
import org.cityos.billing.rules.Pricing;
import org.cityos.billing.rules.Tier;
import org.cityos.core.ErrorCode;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.Properties;
import org.cityos.testkit.TestDatabase;

class PriceResolverTest {
    private static final List<Tier> VOLUME = List.of(Tier.upTo(9, 3_000), Tier.upTo(49, 2_700), Tier.rest(2_500));
    private static final List<Tier> GRADUATED = List.of(Tier.upTo(10, 2_900), Tier.rest(2_600));

    private static long amount(B2b b2b, TenantContext ctx, String buyer, String product, long q) {
        return b2b.prices().resolve(ctx, id(buyer), product, q).orElseThrow().amount();
    }

    @BothDatabases
    void a_buyer_gets_the_lowest_price_of_their_company_and_group_lists_and_changes_show_at_once(TestDatabase db) {
        B2bFixture f = new B2bFixture(db, "2026-03-01T09:00:00Z");
        TenantContext ctx = f.ctx;
        B2b b2b = f.b2b;
        Company acme = f.acme(ctx);
        CustomerGroup gold = b2b.customerGroups().create(ctx, "gold", "Gold customers");
        b2b.customerGroups().addMember(ctx, gold.id(), id("bob"));
        b2b.customerGroups().addMember(ctx, gold.id(), id("dave"));
        PriceList contract = b2b.priceLists().create(ctx, NewPriceList.of("acme-contract", "Acme contract",
                PriceListTarget.company(acme.id())));
        b2b.priceLists().setPrices(ctx, contract.id(), List.of(ProductPrice.of("ajwa-1kg", Pricing.volume(VOLUME)),
                ProductPrice.of("oud-oil", Pricing.flat(19_000))));
        PriceList goldList = b2b.priceLists().create(ctx, NewPriceList.of("gold", "Gold",
                PriceListTarget.group(gold.id())));
        b2b.priceLists().setPrice(ctx, goldList.id(), ProductPrice.of("ajwa-1kg", Pricing.graduated(GRADUATED)));

        // bob is in acme and in gold: the lower of volume and graduated, per quantity
        assertThat(b2b.prices().resolve(ctx, id("bob"), "ajwa-1kg", 5))
                .contains(new ResolvedPrice("ajwa-1kg", 5, 14_500, goldList.id()));
        assertThat(b2b.prices().resolve(ctx, id("bob"), "ajwa-1kg", 20))
                .contains(new ResolvedPrice("ajwa-1kg", 20, 54_000, contract.id()));
        assertThat(amount(b2b, ctx, "bob", "ajwa-1kg", 100)).isEqualTo(250_000);
        // carol is in acme only, dave in gold only, erin in neither
        assertThat(amount(b2b, ctx, "carol", "ajwa-1kg", 5)).isEqualTo(15_000);
        assertThat(amount(b2b, ctx, "dave", "ajwa-1kg", 20)).isEqualTo(55_000);
        assertThat(b2b.prices().resolve(ctx, id("dave"), "oud-oil", 1)).isEmpty();
        assertThat(b2b.prices().resolve(ctx, id("erin"), "ajwa-1kg", 5)).isEmpty();
        assertThat(b2b.prices().resolve(ctx, id("bob"), "gift-wrap", 5)).isEmpty();
        assertThat(b2b.prices().resolveAll(ctx, id("bob"), Map.of("ajwa-1kg", 20L, "oud-oil", 2L, "gift-wrap", 1L)))
                .containsOnlyKeys("ajwa-1kg", "oud-oil")
                .hasEntrySatisfying("oud-oil", r -> assertThat(r.amount()).isEqualTo(38_000));

        // changes drop the cached prices at once
        assertThat(amount(b2b, ctx, "bob", "oud-oil", 1)).isEqualTo(19_000);
        b2b.priceLists().setPrice(ctx, contract.id(), ProductPrice.of("oud-oil", Pricing.flat(18_000)));
        assertThat(amount(b2b, ctx, "bob", "oud-oil", 1)).isEqualTo(18_000);
        b2b.customerGroups().addMember(ctx, gold.id(), id("erin"));
        assertThat(amount(b2b, ctx, "erin", "ajwa-1kg", 5)).isEqualTo(14_500);
        b2b.companies().putEmployee(ctx, acme.id(), Actor.merchant(), NewEmployee.of(id("erin"), EmployeeRole.BUYER));
        assertThat(amount(b2b, ctx, "erin", "oud-oil", 2)).isEqualTo(36_000);
        b2b.priceLists().archive(ctx, contract.id());
        assertThat(b2b.prices().resolve(ctx, id("bob"), "oud-oil", 1)).isEmpty();
        assertThat(amount(b2b, ctx, "bob", "ajwa-1kg", 20)).isEqualTo(55_000);
        b2b.customerGroups().removeMember(ctx, gold.id(), id("bob"));
        assertThat(b2b.prices().resolve(ctx, id("bob"), "ajwa-1kg", 20)).isEmpty();
        assertThat(b2b.priceLists().prices(ctx, contract.id(), PageRequest.first(10)).items())
                .containsExactly(ProductPrice.of("ajwa-1kg", Pricing.volume(VOLUME)),
                        ProductPrice.of("oud-oil", Pricing.flat(18_000)));

        // bad input is typed; an archived list takes no prices; another tenant sees no list
        refused(() -> b2b.prices().resolve(ctx, id("bob"), "ajwa-1kg", 0), ErrorCode.INVALID_AMOUNT, "quantity");
        refused(() -> b2b.priceLists().setPrice(ctx, contract.id(), ProductPrice.of("x", Pricing.flat(1))),
                ErrorCode.INVALID_TRANSITION, "archived");
        TenantContext other = f.tenant("jeddah-wholesale");
        assertThat(b2b.prices().resolve(other, id("dave"), "ajwa-1kg", 20)).isEmpty();
        refused(() -> b2b.priceLists().require(other, goldList.id()), ErrorCode.UNKNOWN_PRICE_LIST, goldList.id().toString());
        refused(() -> b2b.customerGroups().addMember(other, gold.id(), id("x")), ErrorCode.UNKNOWN_CUSTOMER_GROUP,
                gold.id().toString());
    }

    private record Query(String buyer, String product, long quantity) {
    }

    @BothDatabases
    void cached_and_uncached_resolution_agree_with_the_plain_rule_on_random_lists(TestDatabase db) {
        B2bFixture f = new B2bFixture(db, "2026-03-01T09:00:00Z");
        TenantContext ctx = f.ctx;
        B2b cached = f.b2b;
        B2b uncached = B2b.builder(f.billing, f.market).priceCacheTtl(Duration.ZERO).build();
        Company acme = f.acme(ctx);
        CustomerGroup gold = cached.customerGroups().create(ctx, "gold", "Gold");
        cached.customerGroups().addMember(ctx, gold.id(), id("bob"));
        cached.customerGroups().addMember(ctx, gold.id(), id("dave"));
        List<String> products = List.of("p1", "p2", "p3", "p4", "p5", "p6");
        Map<String, Pricing> companyPrices = new LinkedHashMap<>();
        Map<String, Pricing> groupPrices = new LinkedHashMap<>();
        Properties.forAll(1, g -> g, g -> {
            for (String p : products) {
                if (g.chance(0.8)) {
                    companyPrices.put(p, LadderTestSupport.pricing(g, 12, 400, 5_000));
                }
                if (g.chance(0.8)) {
                    groupPrices.put(p, LadderTestSupport.pricing(g, 12, 400, 5_000));
                }
            }
        });
        PriceList a = cached.priceLists().create(ctx, NewPriceList.of("a", "A", PriceListTarget.company(acme.id())));
        PriceList b = cached.priceLists().create(ctx, NewPriceList.of("b", "B", PriceListTarget.group(gold.id())));
        List<ProductPrice> pa = new ArrayList<>();
        companyPrices.forEach((p, x) -> pa.add(ProductPrice.of(p, x)));
        List<ProductPrice> pb = new ArrayList<>();
        groupPrices.forEach((p, x) -> pb.add(ProductPrice.of(p, x)));
        cached.priceLists().setPrices(ctx, a.id(), pa);
        cached.priceLists().setPrices(ctx, b.id(), pb);
        // lists that would undercut every price but apply to none of the buyers asked about: an
        // archived list of their group, and the list of a company none of them works for
        List<ProductPrice> cheap = products.stream().map(p -> ProductPrice.of(p, Pricing.flat(1))).toList();
        PriceList archived = cached.priceLists().create(ctx, NewPriceList.of("c", "C",
                PriceListTarget.group(gold.id())));
        cached.priceLists().setPrices(ctx, archived.id(), cheap);
        cached.priceLists().archive(ctx, archived.id());
        Company globex = cached.companies().create(ctx, NewCompany.of("globex", "Globex", id("zed")));
        PriceList other = cached.priceLists().create(ctx, NewPriceList.of("d", "D",
                PriceListTarget.company(globex.id())));
        cached.priceLists().setPrices(ctx, other.id(), cheap);
        Map<String, List<String>> lists = Map.of("bob", List.of("a", "b"), "carol", List.of("a"), "dave", List.of("b"),
                "erin", List.of());

        Properties.forAll(150, g -> new Query(g.oneOf("bob", "carol", "dave", "erin"), g.oneOf(products),
                g.longs(1, 600)), q -> {
            Optional<Long> expected = Optional.empty();
            for (String list : lists.get(q.buyer())) {
                Pricing p = (list.equals("a") ? companyPrices : groupPrices).get(q.product());
                if (p != null) {
                    long x = p.amount(q.quantity());
                    expected = Optional.of(expected.map(e -> Math.min(e, x)).orElse(x));
                }
            }
            CustomerId buyer = id(q.buyer());
            assertThat(cached.prices().resolve(ctx, buyer, q.product(), q.quantity()).map(ResolvedPrice::amount))
                    .isEqualTo(expected);
            assertThat(uncached.prices().resolve(ctx, buyer, q.product(), q.quantity()).map(ResolvedPrice::amount))
                    .isEqualTo(expected);
        });
    }
}
