/**
 * Authorization: the {@link org.cityos.core.identity.authz.Authorizer} port with an embedded
 * policy ({@link org.cityos.core.identity.authz.EmbeddedAuthorizer}) and a Cerbos PDP adapter
 * ({@link org.cityos.core.identity.authz.CerbosAuthorizer}); list filters as
 * {@link org.cityos.core.identity.authz.AccessPlan}s turned into jOOQ conditions. Example Cerbos
 * policies ship in {@code cerbos/policies/} on the class path.
 */
package org.cityos.core.identity.authz;
