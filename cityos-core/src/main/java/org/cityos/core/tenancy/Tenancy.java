package org.cityos.core.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.cityos.core.TenantId;
import org.cityos.core.audit.AuditLog;
import org.cityos.core.internal.Db;

/** The tenancy services of a {@code CityOs}: the hierarchy, tenants, stores and portals. */
public final class Tenancy {
    private final Db db;
    private final Hierarchy hierarchy;
    private final Tenants tenants;
    private final Stores stores;
    private final Portals portals;
    private final List<Runnable> domainListeners;
    private final List<Consumer<TenantId>> tenantListeners;

    public Tenancy(Db db, AuditLog audit) {
        this(db, audit, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    private Tenancy(Db db, AuditLog audit, List<Runnable> domainListeners, List<Consumer<TenantId>> tenantListeners) {
        this.db = db;
        this.domainListeners = domainListeners;
        this.tenantListeners = tenantListeners;
        this.hierarchy = new Hierarchy(db, audit);
        this.tenants = new Tenants(db, audit, tenantListeners);
        this.stores = new Stores(db, audit, this::domainsChanged);
        this.portals = new Portals(db, audit, this::domainsChanged);
    }

    /**
     * For CityOS internals: the same services on another database handle (a transaction's),
     * sharing this instance's change listeners.
     */
    public Tenancy on(Db other, AuditLog audit) {
        return new Tenancy(other, audit, domainListeners, tenantListeners);
    }

    /** Countries, scopes, categories and subcategories. */
    public Hierarchy hierarchy() {
        return hierarchy;
    }

    public Tenants tenants() {
        return tenants;
    }

    public Stores stores() {
        return stores;
    }

    public Portals portals() {
        return portals;
    }

    /**
     * Where a custom domain leads (tenant, store, portal), if a store or portal claimed it; the
     * domain is normalised first ({@link Domains#domain}), raising {@code invalid_argument} when
     * malformed. Uncached: tenant resolution caches it.
     */
    public Optional<DomainRoute> route(String domain) {
        String d = Domains.domain(domain);
        return db.platform(tx -> DomainRoutes.find(tx, d));
    }

    /**
     * Registers a listener told when any custom domain is claimed or released, once the change is
     * committed (for resolution caches); as with {@link Tenants#onChange}, a host's own
     * transaction is not seen, and listeners hear when the service call returns.
     */
    public void onDomainsChanged(Runnable listener) {
        domainListeners.add(listener);
    }

    private void domainsChanged() {
        domainListeners.forEach(db::afterCommit);
    }
}
