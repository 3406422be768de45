package org.cityos.billing.b2b.pricing;

import static org.cityos.billing.internal.Rows.odt;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.cityos.billing.b2b.PriceListId;
import org.cityos.billing.b2b.internal.B2bEngine;
import org.cityos.billing.b2b.internal.CompanyStore;
import org.cityos.billing.b2b.internal.PriceStore;
import org.cityos.billing.internal.db.tables.records.B2bPriceListRecord;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Ids;
import org.cityos.core.Page;
import org.cityos.core.PageRequest;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Validate;

/**
 * The tenant's volume price lists (the merchant's): create one for a company or a customer group,
 * set and remove product prices, archive it. Every change drops the tenant's cached prices once
 * it has committed.
 */
public final class PriceLists {
    /** The most prices one {@link #setPrices} call may set. */
    public static final int MAX_PRICES_PER_CALL = 10_000;
    private final B2bEngine engine;

    /** For {@code B2b}; hosts get this service from {@code B2b.priceLists()}. */
    public PriceLists(B2bEngine engine) {
        this.engine = engine;
    }

    /**
     * Creates an active price list; {@code conflict} when the code is taken, {@code unknown_company}
     * or {@code unknown_customer_group} for a target the tenant does not have.
     */
    public PriceList create(TenantContext ctx, NewPriceList n) {
        Validate.required("price list", n);
        return engine.writeAffectingPrices(ctx, "price_list.created", "price_list", n.code(), tx -> {
            engine.tenant(ctx);
            UUID t = ctx.tenant().value();
            if (PriceStore.listCodeTaken(tx, t, n.code())) {
                throw CityOsException.conflict("price list code '" + n.code() + "' is taken");
            }
            B2bPriceListRecord r = new B2bPriceListRecord();
            if (n.target() instanceof PriceListTarget.Company c) {
                CompanyStore.require(tx, t, c.id());
                r.setCompanyId(c.id().value());
            } else {
                PriceListTarget.Group g = (PriceListTarget.Group) n.target();
                PriceStore.requireGroup(tx, t, g.id());
                r.setGroupId(g.id().value());
            }
            var now = engine.now();
            r.setTenantId(t);
            r.setId(engine.newId());
            r.setCode(n.code());
            r.setName(n.name());
            r.setStatus("active");
            r.setCreatedAt(odt(now));
            r.setUpdatedAt(odt(now));
            PriceStore.insertList(tx, r);
            PriceList list = PriceStore.toList(r);
            engine.publish(tx, ctx, "price_list.created", "price_list", list.id(),
                    Map.of("price_list", list.id().toString(), "code", list.code()));
            engine.audit(tx, ctx, "price_list.created", "price_list", list.id(), null, list);
            return list;
        });
    }

    /** Sets (replaces) one product's price in the list; see {@link #setPrices}. */
    public void setPrice(TenantContext ctx, PriceListId id, ProductPrice price) {
        setPrices(ctx, id, List.of(price));
    }

    /**
     * Sets (replaces) the prices of up to {@value #MAX_PRICES_PER_CALL} products in the list, all or
     * none; {@code unknown_price_list}, {@code invalid_argument} for a product named twice or too many
     * prices, {@code invalid_transition} on an archived list.
     */
    public void setPrices(TenantContext ctx, PriceListId id, List<ProductPrice> prices) {
        Validate.required("prices", prices);
        if (prices.isEmpty() || prices.size() > MAX_PRICES_PER_CALL) {
            throw CityOsException.invalid("prices", prices.size(), "must be 1.." + MAX_PRICES_PER_CALL + " per call");
        }
        Set<String> seen = new HashSet<>();
        for (ProductPrice p : prices) {
            Validate.required("price", p);
            if (!seen.add(p.productId())) {
                throw CityOsException.invalid("product id", p.productId(), "is priced twice in one call");
            }
        }
        engine.writeAffectingPrices(ctx, "price_list.prices_set", "price_list", id, tx -> {
            UUID t = ctx.tenant().value();
            B2bPriceListRecord r = PriceStore.requireList(tx, t, id, true);
            requireActive(r, id);
            PriceStore.putPrices(tx, t, id, prices);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("price_list", id.toString());
            payload.put("products", prices.size());
            engine.publish(tx, ctx, "price_list.prices_set", "price_list", id, payload);
            engine.audit(tx, ctx, "price_list.prices_set", "price_list", id, null,
                    prices.size() <= 20 ? prices : payload);
            return null;
        });
    }

    /** Removes a product's price from the list; {@code not_found} when it has none. */
    public void removePrice(TenantContext ctx, PriceListId id, String productId) {
        engine.writeAffectingPrices(ctx, "price_list.price_removed", "price_list", id, tx -> {
            UUID t = ctx.tenant().value();
            B2bPriceListRecord r = PriceStore.requireList(tx, t, id, true);
            requireActive(r, id);
            if (PriceStore.deletePrices(tx, t, id, List.of(productId)) == 0) {
                throw CityOsException.notFound("price of product in list " + id, productId);
            }
            engine.publish(tx, ctx, "price_list.price_removed", "price_list", id,
                    Map.of("price_list", id.toString(), "product", productId));
            engine.audit(tx, ctx, "price_list.price_removed", "price_list", id, Map.of("product", productId), null);
            return null;
        });
    }

    /** Archives the list: it applies to no one from now on (archiving again changes nothing). */
    public PriceList archive(TenantContext ctx, PriceListId id) {
        return engine.writeAffectingPrices(ctx, "price_list.archived", "price_list", id, tx -> {
            UUID t = ctx.tenant().value();
            B2bPriceListRecord r = PriceStore.requireList(tx, t, id, true);
            if ("archived".equals(r.getStatus())) {
                return PriceStore.toList(r);
            }
            r.setStatus("archived");
            r.setUpdatedAt(odt(engine.now()));
            PriceStore.updateList(tx, r);
            engine.publish(tx, ctx, "price_list.archived", "price_list", id, Map.of("price_list", id.toString()));
            engine.audit(tx, ctx, "price_list.archived", "price_list", id, Map.of("status", "active"),
                    Map.of("status", "archived"));
            return PriceStore.toList(r);
        });
    }

    public Optional<PriceList> get(TenantContext ctx, PriceListId id) {
        return engine.read(ctx, tx -> PriceStore.list(tx, ctx.tenant().value(), id, false).map(PriceStore::toList));
    }

    /** The list; {@code unknown_price_list} when the tenant has none with this id. */
    public PriceList require(TenantContext ctx, PriceListId id) {
        return get(ctx, id).orElseThrow(() -> PriceStore.unknownList(id));
    }

    /** The tenant's price lists in creation order, keyset-paginated. */
    public Page<PriceList> list(TenantContext ctx, PageRequest page) {
        UUID after = page.after().map(a -> Ids.parse("cursor", a)).orElse(null);
        List<PriceList> rows = engine.read(ctx, tx -> PriceStore.lists(tx, ctx.tenant().value(), after,
                page.limit() + 1));
        return Page.of(rows, page.limit(), p -> p.id().toString());
    }

    /** A page of the list's prices by product id (the cursor is the last product id); {@code unknown_price_list}. */
    public Page<ProductPrice> prices(TenantContext ctx, PriceListId id, PageRequest page) {
        List<ProductPrice> rows = engine.read(ctx, tx -> {
            PriceStore.requireList(tx, ctx.tenant().value(), id, false);
            return PriceStore.prices(tx, ctx.tenant().value(), id, page.after().orElse(null), page.limit() + 1);
        });
        return Page.of(rows, page.limit(), p -> p.productId());
    }

    private static void requireActive(B2bPriceListRecord r, PriceListId id) {
        if (!"active".equals(r.getStatus())) {
            throw new CityOsException(ErrorCode.INVALID_TRANSITION, "price list " + id + " is " + r.getStatus()
                    + ": its prices cannot change");
        }
    }
}
