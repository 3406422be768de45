/**
 * Tenant resolution: which tenant (and store and portal) a request is for, from a framework-free
 * {@link org.cityos.core.resolution.RequestView}, through a chain of strategies (custom domain,
 * subdomain, API key, JWT claim, explicit header) that must agree. Start at
 * {@link org.cityos.core.resolution.TenantResolver#builder}.
 */
package org.cityos.core.resolution;
