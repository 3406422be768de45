package org.cityos.marketplace.portal;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.TenantContext;
import org.cityos.core.identity.authz.Authorizer;
import org.cityos.core.identity.authz.EmbeddedPolicy;
import org.cityos.core.identity.authz.Resource;
import org.cityos.marketplace.vendor.MemberRole;
import org.cityos.marketplace.vendor.Vendor;

/**
 * Decides whether the principal of a {@link TenantContext} may take an action for a vendor in the
 * vendor portal. The portal reads the vendor (in the context's tenant: another tenant's vendor is
 * {@code unknown_vendor} before anyone is asked) and the principal's membership of it, and passes
 * both in. Two come with the module: {@link #membership()}, the default, allows members by role;
 * {@link #authorizedBy(Authorizer)} asks the library's authorization port (the embedded policy or
 * Cerbos) about resource kind {@value #RESOURCE_KIND}.
 *
 * <pre>{@code
 * Marketplace market = Marketplace.builder(cityOs).vendorAccess(VendorAccess.authorizedBy(authz)).build();
 * }</pre>
 */
@FunctionalInterface
public interface VendorAccess {
    /** The resource kind of the portal's checks. */
    String RESOURCE_KIND = "vendor";
    /** The resource attribute with the principal's role in the vendor ({@link MemberRole#wire()}, or {@value #NOT_A_MEMBER}). */
    String MEMBER_ROLE = EmbeddedPolicy.MEMBER_ROLE;
    /** The value of {@value #MEMBER_ROLE} for a principal who is no member of the vendor. */
    String NOT_A_MEMBER = "none";
    /** The resource attribute with the vendor's status ({@code VendorStatus.wire()}). */
    String STATUS = "status";

    /**
     * Whether the principal of {@code ctx} may do {@code action} for {@code vendor}, a vendor of
     * {@code ctx}'s tenant.
     *
     * @param ctx        the tenant and the principal acting in it
     * @param vendor     the vendor, as read in {@code ctx}'s tenant
     * @param membership the principal's role in the vendor, empty when it is no member
     * @param action     what the principal asks to do
     */
    boolean permits(TenantContext ctx, Vendor vendor, Optional<MemberRole> membership, VendorAction action);

    /**
     * Members only: staff see products and orders and fulfil orders; admins and owners also manage
     * products and see earnings and payouts and request payouts. Non-members may do nothing. The
     * principal's roles and claims are not read: the host decides who acts in which tenant.
     */
    static VendorAccess membership() {
        Set<VendorAction> staff = EnumSet.of(VendorAction.VIEW_PRODUCTS, VendorAction.VIEW_ORDERS,
                VendorAction.FULFILL_ORDERS);
        Map<MemberRole, Set<VendorAction>> byRole = Map.of(MemberRole.STAFF, staff,
                MemberRole.ADMIN, EnumSet.allOf(VendorAction.class), MemberRole.OWNER, EnumSet.allOf(VendorAction.class));
        return (ctx, vendor, role, action) -> role.map(r -> byRole.get(r).contains(action)).orElse(false);
    }

    /**
     * Asks {@code authorizer}: may the principal do {@link VendorAction#wire() action.wire()} on
     * {@link #resource the vendor's resource} in the context's tenant? The shipped policies
     * ({@code EmbeddedPolicy.marketplaceExample()}, {@code cerbos/policies/vendor.yaml}) allow a
     * user with role {@code vendor} what {@link #membership()} allows when its claims also name the
     * tenant and the vendor; tenant admins (of that tenant), platform admins and API keys (within
     * their scopes and vendor) as for any vendor resource. Every refusal of the authorizer, an
     * unreachable policy service included, refuses the call.
     *
     * @throws CityOsException {@code configuration} when {@code authorizer} is null
     */
    static VendorAccess authorizedBy(Authorizer authorizer) {
        if (authorizer == null) {
            throw new CityOsException(ErrorCode.CONFIGURATION, "authorizer is null: give an Authorizer");
        }
        return (ctx, vendor, membership, action) ->
                authorizer.check(ctx.principal(), resource(ctx, vendor, membership), action.wire()).allowed();
    }

    /**
     * The resource a check about {@code vendor} names: kind {@value #RESOURCE_KIND}, the vendor's id
     * as id and as attribute {@code vendor}, {@code ctx}'s tenant, and attributes {@value #STATUS}
     * and {@value #MEMBER_ROLE}.
     */
    static Resource resource(TenantContext ctx, Vendor vendor, Optional<MemberRole> membership) {
        return Resource.of(RESOURCE_KIND, vendor.id(), ctx.tenant())
                .with("vendor", vendor.id().toString())
                .with(STATUS, vendor.status().wire())
                .with(MEMBER_ROLE, membership.map(MemberRole::wire).orElse(NOT_A_MEMBER));
    }
}
