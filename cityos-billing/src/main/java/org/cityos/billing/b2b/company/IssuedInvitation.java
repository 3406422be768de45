package org.cityos.billing.b2b.company;

/**
 * A new invitation and its secret token: the host sends the token to the invitee (a link) and
 * it is never shown again (only its hash is stored). {@code toString} leaves the token out.
 */
public record IssuedInvitation(Invitation invitation, String token) {
    @Override
    public String toString() {
        return "IssuedInvitation[" + invitation + ", token=<hidden>]";
    }
}
