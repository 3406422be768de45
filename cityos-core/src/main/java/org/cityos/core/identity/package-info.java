/**
 * Identity: bearer tokens verified against trusted issuers ({@link org.cityos.core.identity.JwtVerifier},
 * {@link org.cityos.core.identity.Issuer}), API keys ({@code identity.apikey}) and authorization
 * ({@code identity.authz}). Both verifiers plug into tenant resolution through its
 * {@code TokenTenantLookup} and {@code ApiKeyLookup} seams.
 */
package org.cityos.core.identity;
