package org.cityos.billing.b2b.internal;

import static org.cityos.billing.internal.Rows.inst;
import static org.cityos.billing.internal.db.Tables.B2B_CUSTOMER_GROUP;
import static org.cityos.billing.internal.db.Tables.B2B_CUSTOMER_GROUP_MEMBER;
import static org.cityos.billing.internal.db.Tables.B2B_EMPLOYEE;
import static org.cityos.billing.internal.db.Tables.B2B_PRICE;
import static org.cityos.billing.internal.db.Tables.B2B_PRICE_LIST;
import static org.cityos.billing.internal.db.Tables.B2B_PRICE_TIER;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.CustomerGroupId;
import org.cityos.billing.b2b.PriceListId;
import org.cityos.billing.b2b.pricing.CustomerGroup;
import org.cityos.billing.b2b.pricing.PriceList;
import org.cityos.billing.b2b.pricing.PriceListStatus;
import org.cityos.billing.b2b.pricing.PriceListTarget;
import org.cityos.billing.b2b.pricing.ProductPrice;
import org.cityos.billing.internal.db.tables.records.B2bCustomerGroupRecord;
import org.cityos.billing.internal.db.tables.records.B2bPriceListRecord;
import org.cityos.billing.internal.db.tables.records.B2bPriceTierRecord;
import org.cityos.billing.rules.Pricing;
import org.cityos.billing.rules.Tier;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.Record7;
import org.jooq.impl.DSL;

/** The SQL of customer groups, price lists, their prices and the resolver's reads (internal). */
public final class PriceStore {
    private static final int CHUNK = 500;

    private PriceStore() {
    }

    // ------------------------------------------------------------------ groups

    public static CityOsException unknownGroup(CustomerGroupId id) {
        return new CityOsException(ErrorCode.UNKNOWN_CUSTOMER_GROUP, "unknown customer group: '" + id + "'");
    }

    public static Optional<CustomerGroup> group(DSLContext tx, UUID tenant, CustomerGroupId id) {
        return tx.selectFrom(B2B_CUSTOMER_GROUP).where(B2B_CUSTOMER_GROUP.TENANT_ID.eq(tenant))
                .and(B2B_CUSTOMER_GROUP.ID.eq(id.value())).fetchOptional(PriceStore::toGroup);
    }

    public static CustomerGroup requireGroup(DSLContext tx, UUID tenant, CustomerGroupId id) {
        return group(tx, tenant, id).orElseThrow(() -> unknownGroup(id));
    }

    public static Optional<CustomerGroup> groupByCode(DSLContext tx, UUID tenant, String code) {
        return tx.selectFrom(B2B_CUSTOMER_GROUP).where(B2B_CUSTOMER_GROUP.TENANT_ID.eq(tenant))
                .and(B2B_CUSTOMER_GROUP.CODE.eq(code)).fetchOptional(PriceStore::toGroup);
    }

    public static List<CustomerGroup> groups(DSLContext tx, UUID tenant) {
        return tx.selectFrom(B2B_CUSTOMER_GROUP).where(B2B_CUSTOMER_GROUP.TENANT_ID.eq(tenant))
                .orderBy(B2B_CUSTOMER_GROUP.CODE).fetch(PriceStore::toGroup);
    }

    public static void insertGroup(DSLContext tx, B2bCustomerGroupRecord r) {
        tx.insertInto(B2B_CUSTOMER_GROUP).set(r).execute();
    }

    public static boolean addMember(DSLContext tx, UUID tenant, CustomerGroupId group, CustomerId customer) {
        if (tx.fetchExists(B2B_CUSTOMER_GROUP_MEMBER, member(tenant, group, customer))) {
            return false;
        }
        tx.insertInto(B2B_CUSTOMER_GROUP_MEMBER)
                .set(B2B_CUSTOMER_GROUP_MEMBER.TENANT_ID, tenant)
                .set(B2B_CUSTOMER_GROUP_MEMBER.GROUP_ID, group.value())
                .set(B2B_CUSTOMER_GROUP_MEMBER.CUSTOMER_ID, customer.value())
                .execute();
        return true;
    }

    public static boolean removeMember(DSLContext tx, UUID tenant, CustomerGroupId group, CustomerId customer) {
        return tx.deleteFrom(B2B_CUSTOMER_GROUP_MEMBER).where(member(tenant, group, customer)).execute() > 0;
    }

    private static Condition member(UUID tenant, CustomerGroupId group, CustomerId customer) {
        return B2B_CUSTOMER_GROUP_MEMBER.TENANT_ID.eq(tenant).and(B2B_CUSTOMER_GROUP_MEMBER.GROUP_ID.eq(group.value()))
                .and(B2B_CUSTOMER_GROUP_MEMBER.CUSTOMER_ID.eq(customer.value()));
    }

    public static List<CustomerId> members(DSLContext tx, UUID tenant, CustomerGroupId group) {
        return tx.select(B2B_CUSTOMER_GROUP_MEMBER.CUSTOMER_ID).from(B2B_CUSTOMER_GROUP_MEMBER)
                .where(B2B_CUSTOMER_GROUP_MEMBER.TENANT_ID.eq(tenant))
                .and(B2B_CUSTOMER_GROUP_MEMBER.GROUP_ID.eq(group.value()))
                .orderBy(B2B_CUSTOMER_GROUP_MEMBER.CUSTOMER_ID).fetch(r -> new CustomerId(r.value1()));
    }

    public static List<CustomerGroupId> groupsOf(DSLContext tx, UUID tenant, CustomerId customer) {
        return tx.select(B2B_CUSTOMER_GROUP_MEMBER.GROUP_ID).from(B2B_CUSTOMER_GROUP_MEMBER)
                .where(B2B_CUSTOMER_GROUP_MEMBER.TENANT_ID.eq(tenant))
                .and(B2B_CUSTOMER_GROUP_MEMBER.CUSTOMER_ID.eq(customer.value()))
                .orderBy(B2B_CUSTOMER_GROUP_MEMBER.GROUP_ID).fetch(r -> new CustomerGroupId(r.value1()));
    }

    static CustomerGroup toGroup(B2bCustomerGroupRecord r) {
        return new CustomerGroup(new CustomerGroupId(r.getId()), r.getCode(), r.getName(), inst(r.getCreatedAt()));
    }

    // ------------------------------------------------------------------ price lists

    public static CityOsException unknownList(PriceListId id) {
        return new CityOsException(ErrorCode.UNKNOWN_PRICE_LIST, "unknown price list: '" + id + "'");
    }

    public static Optional<B2bPriceListRecord> list(DSLContext tx, UUID tenant, PriceListId id, boolean lock) {
        var q = tx.selectFrom(B2B_PRICE_LIST).where(B2B_PRICE_LIST.TENANT_ID.eq(tenant))
                .and(B2B_PRICE_LIST.ID.eq(id.value()));
        return lock ? q.forUpdate().fetchOptional() : q.fetchOptional();
    }

    public static B2bPriceListRecord requireList(DSLContext tx, UUID tenant, PriceListId id, boolean lock) {
        return list(tx, tenant, id, lock).orElseThrow(() -> unknownList(id));
    }

    public static boolean listCodeTaken(DSLContext tx, UUID tenant, String code) {
        return tx.fetchExists(B2B_PRICE_LIST, B2B_PRICE_LIST.TENANT_ID.eq(tenant).and(B2B_PRICE_LIST.CODE.eq(code)));
    }

    public static List<PriceList> lists(DSLContext tx, UUID tenant, UUID after, int limit) {
        return tx.selectFrom(B2B_PRICE_LIST).where(B2B_PRICE_LIST.TENANT_ID.eq(tenant))
                .and(after == null ? DSL.noCondition() : B2B_PRICE_LIST.ID.gt(after))
                .orderBy(B2B_PRICE_LIST.ID).limit(limit).fetch(PriceStore::toList);
    }

    public static void insertList(DSLContext tx, B2bPriceListRecord r) {
        tx.insertInto(B2B_PRICE_LIST).set(r).execute();
    }

    public static void updateList(DSLContext tx, B2bPriceListRecord r) {
        tx.update(B2B_PRICE_LIST).set(r).where(B2B_PRICE_LIST.TENANT_ID.eq(r.getTenantId()))
                .and(B2B_PRICE_LIST.ID.eq(r.getId())).execute();
        r.changed(false);
    }

    public static PriceList toList(B2bPriceListRecord r) {
        PriceListTarget target = r.getCompanyId() != null ? PriceListTarget.company(new CompanyId(r.getCompanyId()))
                : PriceListTarget.group(new CustomerGroupId(r.getGroupId()));
        return new PriceList(new PriceListId(r.getId()), r.getCode(), r.getName(), target,
                PriceListStatus.valueOf(r.getStatus().toUpperCase(java.util.Locale.ROOT)), inst(r.getCreatedAt()));
    }

    /** Replaces the prices of these products in the list (all or nothing, in the caller's transaction). */
    public static void putPrices(DSLContext tx, UUID tenant, PriceListId list, List<ProductPrice> prices) {
        for (int from = 0; from < prices.size(); from += CHUNK) {
            List<ProductPrice> chunk = prices.subList(from, Math.min(prices.size(), from + CHUNK));
            List<String> ids = chunk.stream().map(ProductPrice::productId).toList();
            deletePrices(tx, tenant, list, ids);
            var insert = tx.insertInto(B2B_PRICE, B2B_PRICE.TENANT_ID, B2B_PRICE.PRICE_LIST_ID, B2B_PRICE.PRODUCT_ID,
                    B2B_PRICE.PRICING_MODEL);
            for (ProductPrice p : chunk) {
                insert = insert.values(tenant, list.value(), p.productId(), p.pricing().model());
            }
            insert.execute();
            List<B2bPriceTierRecord> tiers = new ArrayList<>();
            for (ProductPrice p : chunk) {
                long min = 1;
                int i = 0;
                for (Tier t : Ladder.tiers(p.pricing())) {
                    B2bPriceTierRecord r = new B2bPriceTierRecord();
                    r.setTenantId(tenant);
                    r.setPriceListId(list.value());
                    r.setProductId(p.productId());
                    r.setTierIndex(i++);
                    r.setMinQuantity(min);
                    r.setUpTo(t.upTo().isPresent() ? t.upTo().getAsLong() : null);
                    r.setUnitAmount(t.unitAmount());
                    r.setFlatAmount(t.flatAmount());
                    tiers.add(r);
                    min = t.upTo().isPresent() ? t.upTo().getAsLong() + 1 : min;
                }
            }
            for (int k = 0; k < tiers.size(); k += 1000) {
                List<B2bPriceTierRecord> part = tiers.subList(k, Math.min(tiers.size(), k + 1000));
                var ins = tx.insertInto(B2B_PRICE_TIER).set(part.get(0));
                for (int j = 1; j < part.size(); j++) {
                    ins = ins.newRecord().set(part.get(j));
                }
                ins.execute();
            }
        }
    }

    /** Deletes the prices of these products from the list; returns how many it had. */
    public static int deletePrices(DSLContext tx, UUID tenant, PriceListId list, Collection<String> products) {
        tx.deleteFrom(B2B_PRICE_TIER).where(B2B_PRICE_TIER.TENANT_ID.eq(tenant))
                .and(B2B_PRICE_TIER.PRICE_LIST_ID.eq(list.value())).and(B2B_PRICE_TIER.PRODUCT_ID.in(products))
                .execute();
        return tx.deleteFrom(B2B_PRICE).where(B2B_PRICE.TENANT_ID.eq(tenant))
                .and(B2B_PRICE.PRICE_LIST_ID.eq(list.value())).and(B2B_PRICE.PRODUCT_ID.in(products)).execute();
    }

    /** A page of the list's prices by product id. */
    public static List<ProductPrice> prices(DSLContext tx, UUID tenant, PriceListId list, String after, int limit) {
        List<String> products = tx.select(B2B_PRICE.PRODUCT_ID).from(B2B_PRICE).where(B2B_PRICE.TENANT_ID.eq(tenant))
                .and(B2B_PRICE.PRICE_LIST_ID.eq(list.value()))
                .and(after == null ? DSL.noCondition() : B2B_PRICE.PRODUCT_ID.gt(after))
                .orderBy(B2B_PRICE.PRODUCT_ID).limit(limit).fetch(r -> r.value1());
        if (products.isEmpty()) {
            return List.of();
        }
        Map<String, List<Record>> byProduct = new LinkedHashMap<>();
        products.forEach(p -> byProduct.put(p, new ArrayList<>()));
        for (Record r : ladderQuery(tx, tenant, B2B_PRICE.PRICE_LIST_ID.eq(list.value())
                .and(B2B_PRICE.PRODUCT_ID.in(products)), false)) {
            byProduct.get(r.get(B2B_PRICE.PRODUCT_ID)).add(r);
        }
        List<ProductPrice> out = new ArrayList<>(products.size());
        byProduct.forEach((p, rows) -> out.add(new ProductPrice(p, pricing(rows))));
        return out;
    }

    // ------------------------------------------------------------------ the resolver's reads

    /** The active price lists that apply to the customer: their company's and their groups'. */
    public static List<UUID> buyerLists(DSLContext tx, UUID tenant, CustomerId customer) {
        return tx.select(B2B_PRICE_LIST.ID).from(B2B_PRICE_LIST)
                .where(B2B_PRICE_LIST.TENANT_ID.eq(tenant))
                .and(B2B_PRICE_LIST.STATUS.eq("active"))
                .and(buyerCondition(tenant, customer))
                .orderBy(B2B_PRICE_LIST.ID).fetch(r -> r.value1());
    }

    private static Condition buyerCondition(UUID tenant, CustomerId customer) {
        return B2B_PRICE_LIST.COMPANY_ID.in(DSL.select(B2B_EMPLOYEE.COMPANY_ID).from(B2B_EMPLOYEE)
                        .where(B2B_EMPLOYEE.TENANT_ID.eq(tenant)).and(B2B_EMPLOYEE.CUSTOMER_ID.eq(customer.value())))
                .or(B2B_PRICE_LIST.GROUP_ID.in(DSL.select(B2B_CUSTOMER_GROUP_MEMBER.GROUP_ID)
                        .from(B2B_CUSTOMER_GROUP_MEMBER)
                        .where(B2B_CUSTOMER_GROUP_MEMBER.TENANT_ID.eq(tenant))
                        .and(B2B_CUSTOMER_GROUP_MEMBER.CUSTOMER_ID.eq(customer.value()))));
    }

    /** Every active list's compiled price of each product, for the cache; products with none map to an empty list. */
    public static Map<String, List<PriceCache.ListPrice>> ladders(DSLContext tx, UUID tenant, Collection<String> products) {
        Map<String, Map<UUID, List<Record>>> rows = new LinkedHashMap<>();
        products.forEach(p -> rows.put(p, new LinkedHashMap<>()));
        for (Record r : ladderQuery(tx, tenant, B2B_PRICE.PRODUCT_ID.in(products), true)) {
            rows.get(r.get(B2B_PRICE.PRODUCT_ID)).computeIfAbsent(r.get(B2B_PRICE.PRICE_LIST_ID), k -> new ArrayList<>())
                    .add(r);
        }
        Map<String, List<PriceCache.ListPrice>> out = new LinkedHashMap<>();
        rows.forEach((product, lists) -> {
            List<PriceCache.ListPrice> prices = new ArrayList<>(lists.size());
            lists.forEach((list, tiers) -> prices.add(new PriceCache.ListPrice(list, Ladder.of(pricing(tiers)))));
            out.put(product, List.copyOf(prices));
        });
        return out;
    }

    private static List<Record7<UUID, String, String, Integer, Long, Long, Long>> ladderQuery(
            DSLContext tx, UUID tenant, Condition which, boolean activeOnly) {
        var P = B2B_PRICE;
        var T = B2B_PRICE_TIER;
        var L = B2B_PRICE_LIST;
        return tx.select(P.PRICE_LIST_ID, P.PRODUCT_ID, P.PRICING_MODEL, T.TIER_INDEX, T.UP_TO, T.UNIT_AMOUNT,
                        T.FLAT_AMOUNT)
                .from(P)
                .join(L).on(L.TENANT_ID.eq(P.TENANT_ID)).and(L.ID.eq(P.PRICE_LIST_ID))
                .join(T).on(T.TENANT_ID.eq(P.TENANT_ID)).and(T.PRICE_LIST_ID.eq(P.PRICE_LIST_ID))
                .and(T.PRODUCT_ID.eq(P.PRODUCT_ID))
                .where(P.TENANT_ID.eq(tenant)).and(which)
                .and(activeOnly ? L.STATUS.eq("active") : DSL.noCondition())
                .orderBy(P.PRODUCT_ID, P.PRICE_LIST_ID, T.TIER_INDEX)
                .fetch();
    }

    private static Pricing pricing(List<? extends Record> tiers) {
        String model = tiers.get(0).get(B2B_PRICE.PRICING_MODEL);
        if ("flat".equals(model)) {
            return Pricing.flat(tiers.get(0).get(B2B_PRICE_TIER.UNIT_AMOUNT));
        }
        List<Tier> out = new ArrayList<>(tiers.size());
        for (Record r : tiers) {
            Long up = r.get(B2B_PRICE_TIER.UP_TO);
            out.add(new Tier(up == null ? OptionalLong.empty() : OptionalLong.of(up), r.get(B2B_PRICE_TIER.UNIT_AMOUNT),
                    r.get(B2B_PRICE_TIER.FLAT_AMOUNT)));
        }
        return "graduated".equals(model) ? Pricing.graduated(out) : Pricing.volume(out);
    }

    /**
     * The uncached resolution in one statement: for each active list of the buyer that prices the
     * product, its model and the tier the quantity falls in, as one array {@code [tier index, unit
     * amount, flat amount]} read by one index probe (the highest tier starting at or below the
     * quantity), null when no tier starts that low; graduated lists, which need every tier below
     * too, are read by {@link #tiersUpTo}.
     */
    public static List<Record3<UUID, String, Long[]>> tierAt(DSLContext tx, UUID tenant, CustomerId customer,
                                                             String product, long quantity) {
        var P = B2B_PRICE;
        var L = B2B_PRICE_LIST;
        var T = B2B_PRICE_TIER;
        Field<Long[]> tier = DSL.field(DSL.select(DSL.array(T.TIER_INDEX.cast(Long.class), T.UNIT_AMOUNT,
                        T.FLAT_AMOUNT)).from(T)
                .where(T.TENANT_ID.eq(tenant)).and(T.PRICE_LIST_ID.eq(P.PRICE_LIST_ID))
                .and(T.PRODUCT_ID.eq(P.PRODUCT_ID)).and(T.MIN_QUANTITY.le(quantity))
                .orderBy(T.MIN_QUANTITY.desc()).limit(1));
        return tx.select(P.PRICE_LIST_ID, P.PRICING_MODEL, tier)
                .from(P)
                .join(L).on(L.TENANT_ID.eq(P.TENANT_ID)).and(L.ID.eq(P.PRICE_LIST_ID))
                .where(P.TENANT_ID.eq(tenant)).and(P.PRODUCT_ID.eq(product)).and(L.STATUS.eq("active"))
                .and(buyerCondition(tenant, customer))
                .orderBy(P.PRICE_LIST_ID)
                .fetch();
    }

    /** The tiers of a product's price in a list up to and including {@code lastTier}, in order. */
    public static List<B2bPriceTierRecord> tiersUpTo(DSLContext tx, UUID tenant, UUID list, String product,
                                                      int lastTier) {
        return tx.selectFrom(B2B_PRICE_TIER).where(B2B_PRICE_TIER.TENANT_ID.eq(tenant))
                .and(B2B_PRICE_TIER.PRICE_LIST_ID.eq(list)).and(B2B_PRICE_TIER.PRODUCT_ID.eq(product))
                .and(B2B_PRICE_TIER.TIER_INDEX.le(lastTier)).orderBy(B2B_PRICE_TIER.TIER_INDEX).fetch();
    }
}
