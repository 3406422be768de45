package org.cityos.marketplace.portal;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cityos.core.Principal;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.vendor.MemberRole;

/**
 * Decides whether a principal may take an action for a vendor in the vendor portal. The portal
 * looks up the principal's membership of the vendor and passes it in; the default,
 * {@link #membership()}, allows members by role. This is the seam for the identity module's
 * {@code Authorizer} port: an implementation can ask it (e.g. Cerbos) instead.
 */
@FunctionalInterface
public interface VendorAccess {
    /**
     * Whether {@code principal} may do {@code action} for {@code vendor}.
     *
     * @param membership the principal's role in the vendor, empty when it is no member
     */
    boolean permits(Principal principal, VendorId vendor, Optional<MemberRole> membership, VendorAction action);

    /**
     * Members only: staff see products and orders and fulfil orders; admins and owners also manage
     * products and see earnings and payouts and request payouts. Non-members may do nothing.
     */
    static VendorAccess membership() {
        Set<VendorAction> staff = EnumSet.of(VendorAction.VIEW_PRODUCTS, VendorAction.VIEW_ORDERS,
                VendorAction.FULFILL_ORDERS);
        Map<MemberRole, Set<VendorAction>> byRole = Map.of(MemberRole.STAFF, staff,
                MemberRole.ADMIN, EnumSet.allOf(VendorAction.class), MemberRole.OWNER, EnumSet.allOf(VendorAction.class));
        return (principal, vendor, role, action) -> role.map(r -> byRole.get(r).contains(action)).orElse(false);
    }
}
