package org.cityos.sync.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cityos.sync.engine.ChangePage;
import org.cityos.sync.engine.Connector;
import org.cityos.sync.engine.ConnectorCall;
import org.cityos.sync.engine.ConnectorException;
import org.cityos.sync.engine.EntitySpec;
import org.cityos.sync.engine.LocalSide;
import org.cityos.sync.engine.NewIntegration;
import org.cityos.sync.engine.RemoteRecord;

/**
 * The library's own data presented as the connector {@code cityos} (internal): remote ids are
 * local ids, reads and writes go to the host's {@link LocalSide}.
 */
public final class LocalConnector implements Connector {
    private final LocalSide side;

    public LocalConnector(LocalSide side) {
        this.side = side;
    }

    @Override
    public String name() {
        return NewIntegration.LOCAL_CONNECTOR;
    }

    @Override
    public List<EntitySpec> entities() {
        return side.entities();
    }

    @Override
    public ChangePage listChanges(ConnectorCall call, String entityType, Optional<String> cursor, int limit) {
        return side.list(call.tenant(), entityType, cursor, limit);
    }

    @Override
    public Optional<RemoteRecord> fetch(ConnectorCall call, String entityType, String remoteId) {
        return side.read(call.tenant(), entityType, remoteId);
    }

    @Override
    public Optional<RemoteRecord> findExisting(ConnectorCall call, String entityType, String localId,
                                               Map<String, Object> fields) {
        return side.read(call.tenant(), entityType, localId);
    }

    @Override
    public Optional<RemoteRecord> upsert(ConnectorCall call, String entityType, Optional<String> remoteId,
                                         String localId, Map<String, Object> fields) {
        return side.write(call.tenant(), entityType, remoteId.orElse(localId), fields);
    }

    @Override
    public void delete(ConnectorCall call, String entityType, String remoteId) {
        throw ConnectorException.unsupported("the library's own records are not deleted by the sync");
    }
}
