package org.cityos.billing.b2b.pricing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.PriceListId;
import org.cityos.billing.b2b.internal.B2bEngine;
import org.cityos.billing.b2b.internal.Checks;
import org.cityos.billing.b2b.internal.PriceCache;
import org.cityos.billing.b2b.internal.PriceStore;
import org.cityos.billing.internal.db.tables.records.B2bPriceTierRecord;
import org.cityos.core.CityOsException;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Validate;
import org.jooq.Record3;

/**
 * The lowest price a buyer gets for a quantity of a product from the active price lists that
 * apply to them (their company's and their customer groups'), fast enough to call per cart line:
 * compiled prices are cached per product and applicable lists per buyer, and dropped when a price
 * list, an employee or a group member changes. On a tie the older list wins. Products no list
 * prices come back empty: the host charges its own price then. An unknown tenant has no lists.
 */
public final class PriceResolver {
    private final B2bEngine engine;

    /** For {@code B2b}; hosts get this service from {@code B2b.prices()}. */
    public PriceResolver(B2bEngine engine) {
        this.engine = engine;
    }

    /**
     * The lowest list price of {@code quantity} units of the product for the buyer, if any list of
     * theirs prices it; {@code invalid_amount} for a quantity below 1 or an amount that overflows.
     */
    public Optional<ResolvedPrice> resolve(TenantContext ctx, CustomerId buyer, String productId, long quantity) {
        Validate.required("buyer", buyer);
        Checks.id("product id", productId);
        Checks.quantity("quantity", quantity);
        if (!engine.prices().enabled()) {
            return uncached(ctx, buyer, productId, quantity);
        }
        UUID t = ctx.tenant().value();
        PriceCache cache = engine.prices();
        List<UUID> lists = cache.buyer(t, buyer.value());
        List<PriceCache.ListPrice> prices = cache.product(t, productId);
        if (lists == null || prices == null) {
            Loaded loaded = load(ctx, buyer, lists == null, prices == null ? List.of(productId) : List.of());
            lists = lists == null ? loaded.lists() : lists;
            prices = prices == null ? loaded.prices().get(productId) : prices;
        }
        return lowest(productId, quantity, lists, prices);
    }

    /**
     * The lowest list prices of a cart, product id to quantity, in one pass (one database visit for
     * whatever is not cached); products no list prices are left out of the answer.
     */
    public Map<String, ResolvedPrice> resolveAll(TenantContext ctx, CustomerId buyer, Map<String, Long> quantities) {
        Validate.required("buyer", buyer);
        Validate.required("quantities", quantities);
        quantities.forEach((p, q) -> {
            Checks.id("product id", p);
            Checks.quantity("quantity of product '" + p + "'", q == null ? 0 : q);
        });
        Map<String, ResolvedPrice> out = new LinkedHashMap<>();
        if (!engine.prices().enabled()) {
            quantities.forEach((p, q) -> uncached(ctx, buyer, p, q).ifPresent(r -> out.put(p, r)));
            return out;
        }
        UUID t = ctx.tenant().value();
        PriceCache cache = engine.prices();
        List<UUID> lists = cache.buyer(t, buyer.value());
        Map<String, List<PriceCache.ListPrice>> prices = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String p : quantities.keySet()) {
            List<PriceCache.ListPrice> hit = cache.product(t, p);
            if (hit == null) {
                missing.add(p);
            } else {
                prices.put(p, hit);
            }
        }
        if (lists == null || !missing.isEmpty()) {
            Loaded loaded = load(ctx, buyer, lists == null, missing);
            prices.putAll(loaded.prices());
            lists = lists == null ? loaded.lists() : lists;
        }
        List<UUID> mine = lists;
        quantities.forEach((p, q) -> lowest(p, q, mine, prices.get(p)).ifPresent(r -> out.put(p, r)));
        return out;
    }

    /** What one visit to the database read: the buyer's lists (when asked for) and the products' prices. */
    private record Loaded(List<UUID> lists, Map<String, List<PriceCache.ListPrice>> prices) {
    }

    /**
     * Reads what the cache misses in one transaction and keeps it under the generation read before,
     * so that a change committed meanwhile makes the cache ignore it (the caller still uses it once).
     */
    private Loaded load(TenantContext ctx, CustomerId buyer, boolean buyerToo, List<String> products) {
        UUID t = ctx.tenant().value();
        PriceCache cache = engine.prices();
        long generation = cache.generation(t);
        return engine.read(ctx, tx -> {
            List<UUID> lists = null;
            if (buyerToo) {
                lists = PriceStore.buyerLists(tx, t, buyer);
                cache.putBuyer(t, buyer.value(), generation, lists);
            }
            Map<String, List<PriceCache.ListPrice>> loaded = products.isEmpty() ? Map.of()
                    : PriceStore.ladders(tx, t, products);
            loaded.forEach((p, l) -> cache.putProduct(t, p, generation, l));
            return new Loaded(lists, loaded);
        });
    }

    private static Optional<ResolvedPrice> lowest(String product, long quantity, List<UUID> lists,
                                                  List<PriceCache.ListPrice> prices) {
        if (lists == null || lists.isEmpty() || prices == null || prices.isEmpty()) {
            return Optional.empty();
        }
        long best = Long.MAX_VALUE;
        UUID from = null;
        for (PriceCache.ListPrice p : prices) {
            if (!lists.contains(p.list())) {
                continue;
            }
            long amount = p.ladder().amount(quantity);
            if (from == null || amount < best || (amount == best && p.list().compareTo(from) < 0)) {
                best = amount;
                from = p.list();
            }
        }
        return from == null ? Optional.empty()
                : Optional.of(new ResolvedPrice(product, quantity, best, new PriceListId(from)));
    }

    private Optional<ResolvedPrice> uncached(TenantContext ctx, CustomerId buyer, String product, long quantity) {
        UUID t = ctx.tenant().value();
        return engine.read(ctx, tx -> {
            long best = Long.MAX_VALUE;
            UUID from = null;
            for (Record3<UUID, String, Long[]> r : PriceStore.tierAt(tx, t, buyer, product, quantity)) {
                Long[] tier = r.value3(); // tier index, unit amount, flat amount
                if (tier == null) {
                    continue;
                }
                long amount;
                if ("graduated".equals(r.value2())) {
                    amount = graduated(PriceStore.tiersUpTo(tx, t, r.value1(), product, tier[0].intValue()), quantity);
                } else {
                    amount = Checks.add("amount", Checks.multiply("amount", tier[1], quantity), tier[2]);
                }
                if (from == null || amount < best || (amount == best && r.value1().compareTo(from) < 0)) {
                    best = amount;
                    from = r.value1();
                }
            }
            return from == null ? Optional.<ResolvedPrice>empty()
                    : Optional.of(new ResolvedPrice(product, quantity, best, new PriceListId(from)));
        });
    }

    private static long graduated(List<B2bPriceTierRecord> tiers, long quantity) {
        long total = 0;
        long below = 0;
        for (int i = 0; i < tiers.size(); i++) {
            B2bPriceTierRecord tier = tiers.get(i);
            long top = i == tiers.size() - 1 ? quantity : tier.getUpTo();
            total = Checks.add("amount", total, Checks.add("amount",
                    Checks.multiply("amount", tier.getUnitAmount(), top - below), tier.getFlatAmount()));
            below = top;
        }
        if (tiers.isEmpty()) {
            throw new CityOsException(org.cityos.core.ErrorCode.INVALID_AMOUNT, "no tier for quantity " + quantity);
        }
        return total;
    }
}
