package org.cityos.billing.b2b.pricing;

import org.cityos.core.tenancy.Validate;

/** A price list to create: a code unique in the tenant, a name, and its target. */
public record NewPriceList(String code, String name, PriceListTarget target) {
    public NewPriceList {
        Validate.handle("price list code", code);
        name = Validate.name("price list name", name);
        Validate.required("target", target);
    }

    public static NewPriceList of(String code, String name, PriceListTarget target) {
        return new NewPriceList(code, name, target);
    }
}
