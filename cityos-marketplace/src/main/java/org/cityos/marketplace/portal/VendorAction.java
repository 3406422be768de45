package org.cityos.marketplace.portal;

import java.util.Locale;

/**
 * What a vendor-portal user asks to do for a vendor; {@link VendorAccess} decides. An authorizer
 * sees it as the action {@link #wire()} on resource kind {@code vendor}.
 */
public enum VendorAction {
    VIEW_PRODUCTS, MANAGE_PRODUCTS, VIEW_ORDERS, FULFILL_ORDERS, VIEW_EARNINGS, VIEW_PAYOUTS, REQUEST_PAYOUT;

    /** The action's name in policies, e.g. {@code view_orders}, {@code request_payout}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
