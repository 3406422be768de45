package org.cityos.core.tenancy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cityos.core.audit.AuditLog;
import org.cityos.core.internal.Db;

/** The tenancy services of a {@code CityOs}: the hierarchy, tenants, stores and portals. */
public final class Tenancy {
    private final Hierarchy hierarchy;
    private final Tenants tenants;
    private final Stores stores;
    private final Portals portals;
    private final List<Runnable> domainListeners = new CopyOnWriteArrayList<>();

    public Tenancy(Db db, AuditLog audit) {
        this.hierarchy = new Hierarchy(db, audit);
        this.tenants = new Tenants(db, audit);
        this.stores = new Stores(db, audit, this::domainsChanged);
        this.portals = new Portals(db, audit, this::domainsChanged);
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

    /** Registers a listener told when any custom domain is claimed or released (for resolution caches). */
    public void onDomainsChanged(Runnable listener) {
        domainListeners.add(listener);
    }

    private void domainsChanged() {
        domainListeners.forEach(Runnable::run);
    }
}
