package org.cityos.billing.b2b.company;

import java.util.Optional;

import org.cityos.billing.b2b.AddressId;
import org.cityos.billing.b2b.CompanyId;

/** A company's billing or shipping address. */
public record Address(AddressId id, CompanyId company, AddressKind kind, String label, String line1,
                      Optional<String> line2, String city, Optional<String> region, Optional<String> postalCode,
                      String country) {
}
