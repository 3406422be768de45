package org.cityos.billing.b2b.company;

import java.util.Optional;

import org.cityos.billing.b2b.internal.Checks;
import org.cityos.core.tenancy.Validate;

/** A company address to add: kind, a label ("Head office"), street lines, city, region, postal code, ISO country. */
public record NewAddress(AddressKind kind, String label, String line1, Optional<String> line2, String city,
                         Optional<String> region, Optional<String> postalCode, String country) {
    public NewAddress {
        Validate.required("address kind", kind);
        label = Checks.text("address label", label, 100);
        line1 = Checks.text("address line1", line1, 200);
        line2 = line2 == null ? Optional.empty() : line2.map(l -> Checks.text("address line2", l, 200));
        city = Checks.text("address city", city, 100);
        region = region == null ? Optional.empty() : region.map(r -> Checks.text("address region", r, 100));
        postalCode = postalCode == null ? Optional.empty() : postalCode.map(p -> Checks.text("postal code", p, 20));
        Validate.country(country);
    }

    /** An address with one street line and no region or postal code. */
    public static NewAddress of(AddressKind kind, String label, String line1, String city, String country) {
        return new NewAddress(kind, label, line1, Optional.empty(), city, Optional.empty(), Optional.empty(), country);
    }

    public NewAddress withPostalCode(String code) {
        return new NewAddress(kind, label, line1, line2, city, region, Optional.of(code), country);
    }
}
