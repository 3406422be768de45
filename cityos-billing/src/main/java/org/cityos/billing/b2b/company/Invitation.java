package org.cityos.billing.b2b.company;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.InvitationId;

/**
 * An invitation to join a company with a role and spending limit, sent by an admin to an e-mail
 * address; whoever presents its token before {@code expiresAt} becomes the employee. A pending
 * invitation past its expiry reads as {@code expired}.
 */
public record Invitation(InvitationId id, CompanyId company, String email, EmployeeRole role,
                         OptionalLong spendingLimit, InvitationStatus status, String invitedBy, Instant expiresAt,
                         Optional<CustomerId> acceptedBy, Instant createdAt) {
}
