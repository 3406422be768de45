package org.cityos.sync.connector;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cityos.core.Json;
import org.cityos.sync.engine.Capability;
import org.cityos.sync.engine.Change;
import org.cityos.sync.engine.ChangePage;
import org.cityos.sync.engine.Connector;
import org.cityos.sync.engine.ConnectorCall;
import org.cityos.sync.engine.ConnectorException;
import org.cityos.sync.engine.EntitySpec;
import org.cityos.sync.engine.RateLimit;
import org.cityos.sync.engine.RemoteRecord;
import org.cityos.sync.engine.WebhookChange;
import org.cityos.sync.internal.HttpJson;
import org.cityos.sync.internal.Nodes;

/**
 * The logistics platform: Fleetbase's REST API ({@code /v1/orders}) with a secret key as a
 * bearer token (credential {@code api_key}). Entity type {@code shipment} (a vendor order's
 * fulfillment): a create posts an order with {@code internal_id} set to the local id, the
 * library's order, vendor order and vendor in {@code meta}, and pickup and dropoff from the
 * settings {@code pickup}, {@code pickup.<vendor id>} and {@code dropoff} when given; before a
 * create the order is looked up by {@code internal_id}. Tracking comes back by webhook
 * ({@code order.*} events, verified by the intake with {@code InboundSource.fleetbase}); each one
 * is read as "fetch this order", whose {@code status} and {@code tracking_number} flow to the
 * fulfillment. Fleetbase lists no changes since a time, so this side is not pulled.
 */
public final class FleetbaseConnector implements Connector {
    /** The connector's name. */
    public static final String NAME = "fleetbase";
    private final HttpJson http;
    private final EntitySpec shipment = new EntitySpec("shipment", Set.of("order_id", "vendor_order_id", "vendor_id",
            "carrier", "tracking_number", "status"), Optional.empty(),
            Set.of(Capability.FETCH, Capability.WRITE, Capability.DELETE, Capability.WEBHOOK));

    public FleetbaseConnector(HttpClient client, Duration requestTimeout) {
        this.http = new HttpJson(client, requestTimeout);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<EntitySpec> entities() {
        return List.of(shipment);
    }

    @Override
    public RateLimit rateLimit() {
        return RateLimit.perSecond(10, 20);
    }

    private void check(String type) {
        if (!"shipment".equals(type)) {
            throw ConnectorException.unsupported("fleetbase does not serve " + type);
        }
    }

    private static Map<String, String> auth(ConnectorCall call) {
        return Map.of("authorization", "Bearer " + call.credentials().require("api_key"));
    }

    @Override
    public ChangePage listChanges(ConnectorCall call, String entityType, Optional<String> cursor, int limit) {
        throw ConnectorException.unsupported("fleetbase orders are followed by webhook, not listed");
    }

    @Override
    public Optional<RemoteRecord> fetch(ConnectorCall call, String entityType, String remoteId) {
        check(entityType);
        HttpJson.Response res = http.send(call, "GET", HttpJson.uri(call.baseUri(), "/v1/orders/"
                + HttpJson.segment(remoteId), Map.of()), auth(call), null);
        if (res.notFound()) {
            return Optional.empty();
        }
        return Optional.of(readOrThrow(call, res.body(), "GET /v1/orders/" + remoteId, res.status()));
    }

    private RemoteRecord readOrThrow(ConnectorCall call, JsonNode order, String what, int status) {
        if (order != null && !order.has("id") && order.path("data").isObject()) {
            order = order.get("data"); // a wrapped resource
        }
        try {
            return read(call, order);
        } catch (Nodes.Malformed e) {
            throw ConnectorException.retryable(what + " answered an unreadable order: " + e.getMessage(), status, null);
        }
    }

    private static RemoteRecord read(ConnectorCall call, JsonNode o) {
        if (o == null || !o.isObject()) {
            throw new Nodes.Malformed("no order object");
        }
        String id = Nodes.requireText(o, "id");
        JsonNode meta = o.path("meta");
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("order_id", Nodes.text(meta, "cityos_order_id"));
        f.put("vendor_order_id", Nodes.text(meta, "cityos_vendor_order_id"));
        f.put("vendor_id", Nodes.text(meta, "cityos_vendor_id"));
        f.put("carrier", call.setting("carrier", "fleetbase"));
        JsonNode tn = o.path("tracking_number");
        f.put("tracking_number", tn.isObject() ? Nodes.text(tn, "tracking_number") : Nodes.text(o, "tracking_number"));
        f.put("status", Nodes.text(o, "status"));
        return new RemoteRecord(id, Optional.ofNullable(Nodes.text(o, "internal_id")),
                o.hasNonNull("updated_at") ? Optional.of(Nodes.instant(o, "updated_at")) : Optional.empty(), f);
    }

    @Override
    public Optional<RemoteRecord> findExisting(ConnectorCall call, String entityType, String localId,
                                               Map<String, Object> fields) {
        check(entityType);
        HttpJson.Response res = http.send(call, "GET", HttpJson.uri(call.baseUri(), "/v1/orders",
                HttpJson.query("internal_id", localId, "limit", "25")), auth(call), null);
        JsonNode list = res.body() == null ? null : res.body().isArray() ? res.body() : res.body().get("data");
        if (list == null || !list.isArray()) {
            return Optional.empty();
        }
        for (JsonNode o : list) {
            // the filter is Fleetbase's generic column filter; the id is checked here as well
            if (localId.equals(o.path("internal_id").asText(null))) {
                return Optional.of(readOrThrow(call, o, "GET /v1/orders", res.status()));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<RemoteRecord> upsert(ConnectorCall call, String entityType, Optional<String> remoteId,
                                         String localId, Map<String, Object> fields) {
        check(entityType);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("internal_id", localId);
        ObjectNode meta = body.putObject("meta");
        meta.put("cityos_order_id", (String) fields.get("order_id"));
        meta.put("cityos_vendor_order_id", (String) fields.get("vendor_order_id"));
        meta.put("cityos_vendor_id", (String) fields.get("vendor_id"));
        if (remoteId.isEmpty()) {
            body.put("type", call.setting("order_type", "transport"));
            Object vendor = fields.get("vendor_id");
            call.setting("pickup." + vendor).or(() -> call.setting("pickup")).ifPresent(p -> body.put("pickup", p));
            call.setting("dropoff").ifPresent(d -> body.put("dropoff", d));
            body.put("notes", "CityOS order " + fields.get("order_id"));
        }
        String path = "/v1/orders" + remoteId.map(id -> "/" + HttpJson.segment(id)).orElse("");
        HttpJson.Response res = http.send(call, remoteId.isPresent() ? "PUT" : "POST",
                HttpJson.uri(call.baseUri(), path, Map.of()), auth(call), body);
        if (res.notFound()) {
            throw ConnectorException.rejected("PUT " + path + " answered 404", 404);
        }
        return Optional.of(readOrThrow(call, res.body(), (remoteId.isPresent() ? "PUT " : "POST ") + path,
                res.status()));
    }

    @Override
    public void delete(ConnectorCall call, String entityType, String remoteId) {
        check(entityType);
        http.send(call, "DELETE", HttpJson.uri(call.baseUri(), "/v1/orders/" + HttpJson.segment(remoteId), Map.of()),
                auth(call), null);
    }

    /**
     * Reads a Fleetbase webhook ({@code {"id": "event_...", "event": "order.dispatched", "data":
     * {"id": "order_...", ...}}}): any {@code order.*} event means "fetch the order".
     */
    @Override
    public List<WebhookChange> parseWebhook(ConnectorCall call, String eventType, byte[] body) {
        if (!eventType.startsWith("order.")) {
            return List.of();
        }
        JsonNode data;
        try {
            data = Json.MAPPER.readTree(body).path("data");
        } catch (java.io.IOException e) {
            return List.of(new WebhookChange("shipment", Change.malformed(null, "webhook body is not JSON", null)));
        }
        String id = data.path("id").asText(null);
        if (id == null || id.isBlank()) {
            return List.of(new WebhookChange("shipment", Change.malformed(null, "webhook " + eventType
                    + " has no data.id", Nodes.excerpt(data))));
        }
        return List.of(new WebhookChange("shipment", "order.deleted".equals(eventType) ? Change.deleted(id)
                : Change.fetch(id)));
    }
}
