package org.cityos.marketplace.vendor;

import java.util.Objects;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.marketplace.VendorId;

/**
 * Where a vendor is paid: the payout provider (e.g. {@code stripe}, {@code manual}), the vendor's
 * account there, and the account's {@link PayoutAccountStatus} with the provider's reason. A
 * vendor has at most one; unless it is {@code active} the vendor accrues but is not paid.
 */
public record PayoutAccount(VendorId vendor, String provider, String externalAccountId, PayoutAccountStatus status,
                            Optional<String> statusReason) {
    public PayoutAccount {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(status, "payout account status");
        statusReason = Objects.requireNonNullElse(statusReason, Optional.empty());
        if (provider == null || !provider.matches("[a-z][a-z0-9_-]{0,49}")) {
            throw CityOsException.invalid("payout provider", provider, "must be 1-50 lower-case letters, digits, '-' or '_'");
        }
        if (externalAccountId == null || externalAccountId.isBlank() || externalAccountId.length() > 200) {
            throw CityOsException.invalid("external account id", externalAccountId, "must be 1-200 characters");
        }
        if (statusReason.isPresent() && statusReason.get().length() > 200) {
            throw CityOsException.invalid("payout account status reason", statusReason.get(), "must be at most 200 characters");
        }
    }

    /** An account with a status and no reason. */
    public PayoutAccount(VendorId vendor, String provider, String externalAccountId, PayoutAccountStatus status) {
        this(vendor, provider, externalAccountId, status, Optional.empty());
    }

    /** An account that is {@code active} when {@code payoutsEnabled}, {@code pending} otherwise. */
    public PayoutAccount(VendorId vendor, String provider, String externalAccountId, boolean payoutsEnabled) {
        this(vendor, provider, externalAccountId, payoutsEnabled ? PayoutAccountStatus.ACTIVE : PayoutAccountStatus.PENDING);
    }

    /** Whether payouts go to this account now (it is {@code active}). */
    public boolean payoutsEnabled() {
        return status == PayoutAccountStatus.ACTIVE;
    }

    /** The account id with all but its last four characters masked, for logs and messages. */
    public String maskedAccount() {
        int keep = Math.min(4, externalAccountId.length());
        return "*".repeat(externalAccountId.length() - keep) + externalAccountId.substring(externalAccountId.length() - keep);
    }

    @Override
    public String toString() {
        return "PayoutAccount[vendor=" + vendor + ", provider=" + provider + ", account=" + maskedAccount()
                + ", status=" + status.wire() + statusReason.map(r -> " (" + r + ")").orElse("") + "]";
    }
}
