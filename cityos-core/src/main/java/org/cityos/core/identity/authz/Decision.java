package org.cityos.core.identity.authz;

import java.util.Objects;

/**
 * An {@link Authorizer}'s answer to one {@link Check}: allowed or not, and why (the policy that
 * matched, or the reason for a denial such as an unreachable policy service).
 */
public record Decision(Check check, boolean allowed, String reason) {
    public Decision {
        Objects.requireNonNull(check, "check");
        reason = reason == null ? "" : reason;
    }

    static Decision allow(Check check, String reason) {
        return new Decision(check, true, reason);
    }

    static Decision deny(Check check, String reason) {
        return new Decision(check, false, reason);
    }
}
