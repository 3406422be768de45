package org.cityos.marketplace.portal;

/** What a vendor-portal user asks to do for a vendor; {@link VendorAccess} decides. */
public enum VendorAction {
    VIEW_PRODUCTS, MANAGE_PRODUCTS, VIEW_ORDERS, FULFILL_ORDERS, VIEW_EARNINGS, VIEW_PAYOUTS, REQUEST_PAYOUT
}
