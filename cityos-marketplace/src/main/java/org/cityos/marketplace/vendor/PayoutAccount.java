package org.cityos.marketplace.vendor;

import java.util.Objects;

import org.cityos.core.CityOsException;
import org.cityos.marketplace.VendorId;

/**
 * Where a vendor is paid: the payout provider (e.g. {@code stripe}, {@code manual}), the vendor's
 * account there, and whether payouts are enabled. A vendor has at most one; without an enabled
 * one it accrues but is not paid.
 */
public record PayoutAccount(VendorId vendor, String provider, String externalAccountId, boolean payoutsEnabled) {
    public PayoutAccount {
        Objects.requireNonNull(vendor, "vendor");
        if (provider == null || !provider.matches("[a-z][a-z0-9_-]{0,49}")) {
            throw CityOsException.invalid("payout provider", provider, "must be 1-50 lower-case letters, digits, '-' or '_'");
        }
        if (externalAccountId == null || externalAccountId.isBlank() || externalAccountId.length() > 200) {
            throw CityOsException.invalid("external account id", externalAccountId, "must be 1-200 characters");
        }
    }

    /** The account id with all but its last four characters masked, for logs and messages. */
    public String maskedAccount() {
        int keep = Math.min(4, externalAccountId.length());
        return "*".repeat(externalAccountId.length() - keep) + externalAccountId.substring(externalAccountId.length() - keep);
    }

    @Override
    public String toString() {
        return "PayoutAccount[vendor=" + vendor + ", provider=" + provider + ", account=" + maskedAccount()
                + ", payoutsEnabled=" + payoutsEnabled + "]";
    }
}
