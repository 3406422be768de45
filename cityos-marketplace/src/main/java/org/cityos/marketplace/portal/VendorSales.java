package org.cityos.marketplace.portal;

import org.cityos.marketplace.VendorId;

/** A vendor's sales over a range, for the operator's top vendors: orders, sales (GMV), commission and net. */
public record VendorSales(VendorId vendor, String handle, long orders, long sales, long commission, long net) {
}
