package org.cityos.marketplace.stripe;

import java.util.List;
import java.util.Optional;

import com.stripe.model.Account;
import org.cityos.marketplace.vendor.PayoutAccountStatus;

/**
 * How a Stripe connected account maps to a payout account status: {@code rejected} when its
 * {@code requirements.disabled_reason} starts with {@code rejected.}; {@code active} only when
 * details are submitted, charges and payouts are enabled and nothing is currently due, past due
 * or pending verification; {@code restricted} otherwise. Pure.
 */
public final class StripeAccountStatus {
    private StripeAccountStatus() {
    }

    /** The status and the reason to keep beside it (the disabled reason, or what is due). */
    public record Mapped(PayoutAccountStatus status, Optional<String> reason) {
    }

    /** Maps the account's flags and requirements. */
    public static Mapped of(boolean detailsSubmitted, boolean chargesEnabled, boolean payoutsEnabled,
                            List<String> currentlyDue, List<String> pastDue, List<String> pendingVerification,
                            Optional<String> disabledReason) {
        if (disabledReason.isPresent() && disabledReason.get().startsWith("rejected.")) {
            return new Mapped(PayoutAccountStatus.REJECTED, disabledReason);
        }
        boolean nothingDue = empty(currentlyDue) && empty(pastDue) && empty(pendingVerification);
        if (detailsSubmitted && chargesEnabled && payoutsEnabled && nothingDue) {
            return new Mapped(PayoutAccountStatus.ACTIVE, Optional.empty());
        }
        Optional<String> reason = disabledReason.or(() -> {
            if (!detailsSubmitted) {
                return Optional.of("details_not_submitted");
            }
            if (!empty(pastDue)) {
                return Optional.of("past_due: " + String.join(",", pastDue));
            }
            if (!empty(currentlyDue)) {
                return Optional.of("currently_due: " + String.join(",", currentlyDue));
            }
            if (!empty(pendingVerification)) {
                return Optional.of("pending_verification: " + String.join(",", pendingVerification));
            }
            return Optional.of(!chargesEnabled ? "charges_disabled" : "payouts_disabled");
        });
        return new Mapped(PayoutAccountStatus.RESTRICTED, reason);
    }

    /** Maps a stripe-java {@link Account}; missing fields count as false or empty. */
    public static Mapped of(Account a) {
        Account.Requirements r = a.getRequirements();
        return of(Boolean.TRUE.equals(a.getDetailsSubmitted()), Boolean.TRUE.equals(a.getChargesEnabled()),
                Boolean.TRUE.equals(a.getPayoutsEnabled()),
                r == null ? List.of() : r.getCurrentlyDue(), r == null ? List.of() : r.getPastDue(),
                r == null ? List.of() : r.getPendingVerification(),
                Optional.ofNullable(r == null ? null : r.getDisabledReason()));
    }

    private static boolean empty(List<String> l) {
        return l == null || l.isEmpty();
    }
}
