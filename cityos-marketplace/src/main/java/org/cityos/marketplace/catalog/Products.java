package org.cityos.marketplace.catalog;

import static org.cityos.marketplace.internal.db.Tables.MKT_PRODUCT;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.core.tenancy.Validate;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.internal.Market;
import org.cityos.marketplace.internal.Text;
import org.cityos.marketplace.internal.VendorRepository;
import org.cityos.marketplace.internal.db.tables.records.MktProductRecord;
import org.cityos.marketplace.vendor.Vendor;

/**
 * Links the host's products to the vendors that sell them (or to the platform) with a category.
 * An order line belongs to the vendor its product is linked to when the order is placed; a
 * product that was never linked is {@code unknown_product}.
 */
public final class Products {
    private final Market market;

    /** For {@code Marketplace}; hosts get this service from {@code Marketplace.products()}. */
    public Products(Market market) {
        this.market = market;
    }

    /**
     * Links (or re-links) a host product to a vendor, or to the platform with {@link VendorRef#platform()}.
     *
     * @throws CityOsException {@code invalid_argument} for a blank product id or category,
     *                         {@code unknown_vendor} naming a vendor the tenant does not have
     */
    public ProductLink link(TenantContext ctx, String productId, VendorRef seller, Optional<String> category) {
        String product = Text.id("product id", productId);
        Validate.required("seller", seller);
        Optional<String> cat = Optional.ofNullable(category).flatMap(c -> c).map(c -> Text.key("category", c));
        return market.write(ctx, "product.linked", "product", product, tx -> {
            market.requireTenant(tx, ctx);
            Market.requireOperator(ctx, "link products");
            Optional<Vendor> vendor = VendorRepository.resolve(tx, ctx, seller);
            Optional<ProductLink> before = find(tx, ctx, product);
            OffsetDateTime now = market.now();
            if (before.isPresent()) {
                tx.update(MKT_PRODUCT).set(MKT_PRODUCT.VENDOR_ID, vendor.map(v -> v.id().value()).orElse(null))
                        .set(MKT_PRODUCT.CATEGORY, cat.orElse(null)).set(MKT_PRODUCT.UPDATED_AT, now)
                        .where(MKT_PRODUCT.TENANT_ID.eq(ctx.tenant().value()), MKT_PRODUCT.PRODUCT_ID.eq(product))
                        .execute();
            } else {
                tx.insertInto(MKT_PRODUCT).set(MKT_PRODUCT.TENANT_ID, ctx.tenant().value())
                        .set(MKT_PRODUCT.PRODUCT_ID, product)
                        .set(MKT_PRODUCT.VENDOR_ID, vendor.map(v -> v.id().value()).orElse(null))
                        .set(MKT_PRODUCT.CATEGORY, cat.orElse(null))
                        .set(MKT_PRODUCT.CREATED_AT, now).set(MKT_PRODUCT.UPDATED_AT, now).execute();
            }
            ProductLink after = new ProductLink(product, vendor.map(Vendor::id), cat);
            market.applied(tx, ctx, "product.linked", "product", product, before.orElse(null), after);
            return after;
        });
    }

    /** Removes a product's link; orders already placed keep their lines. {@code unknown_product} if not linked. */
    public void unlink(TenantContext ctx, String productId) {
        String product = Text.id("product id", productId);
        market.write(ctx, "product.unlinked", "product", product, tx -> {
            market.requireTenant(tx, ctx);
            Market.requireOperator(ctx, "unlink products");
            ProductLink before = find(tx, ctx, product).orElseThrow(() -> unknown(product));
            tx.deleteFrom(MKT_PRODUCT)
                    .where(MKT_PRODUCT.TENANT_ID.eq(ctx.tenant().value()), MKT_PRODUCT.PRODUCT_ID.eq(product)).execute();
            market.applied(tx, ctx, "product.unlinked", "product", product, before, null);
            return null;
        });
    }

    /** The product's link, if it has one. */
    public Optional<ProductLink> get(TenantContext ctx, String productId) {
        return market.read(ctx, tx -> find(tx, ctx, productId));
    }

    /** The products linked to a vendor, by product id. */
    public List<ProductLink> ofVendor(TenantContext ctx, VendorId vendor) {
        return market.read(ctx, tx -> {
            VendorRepository.require(tx, ctx, vendor);
            Market.requireVendorAccess(tx, ctx, vendor.value(), "list the products");
            return tx.selectFrom(MKT_PRODUCT)
                    .where(MKT_PRODUCT.TENANT_ID.eq(ctx.tenant().value()), MKT_PRODUCT.VENDOR_ID.eq(vendor.value()))
                    .orderBy(MKT_PRODUCT.PRODUCT_ID).fetch(Products::map);
        });
    }

    private static Optional<ProductLink> find(org.jooq.DSLContext tx, TenantContext ctx, String product) {
        return tx.selectFrom(MKT_PRODUCT)
                .where(MKT_PRODUCT.TENANT_ID.eq(ctx.tenant().value()), MKT_PRODUCT.PRODUCT_ID.eq(product))
                .fetchOptional(Products::map);
    }

    private static ProductLink map(MktProductRecord r) {
        return new ProductLink(r.getProductId(), Optional.ofNullable(r.getVendorId()).map(VendorId::new),
                Optional.ofNullable(r.getCategory()));
    }

    private static CityOsException unknown(String product) {
        return new CityOsException(ErrorCode.UNKNOWN_PRODUCT, "unknown product: " + org.cityos.core.Values.quote(product));
    }
}
