/**
 * API keys: per-tenant machine credentials with scopes, optional store or vendor binding, expiry,
 * revocation and rotation; only a hash is stored. Start at {@link org.cityos.core.identity.apikey.ApiKeys}.
 */
package org.cityos.core.identity.apikey;
