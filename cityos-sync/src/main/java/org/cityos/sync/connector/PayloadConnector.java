package org.cityos.sync.connector;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
import org.cityos.sync.internal.TimeCursor;

/**
 * The CMS: Payload 3 REST API ({@code /api/<collection>}) with an API key
 * ({@code Authorization: <auth collection> API-Key <key>}, credential {@code api_key}, setting
 * {@code api_key_collection}, default {@code users}). Entity types and their default collections:
 * {@code tenant} (tenants), {@code store} (stores), {@code page} (pages), {@code product}
 * (product-content); setting {@code collection.<type>} renames one. Documents carry the canonical
 * field names. Lists use {@code where[updatedAt][greater_than_equal]}, {@code sort=updatedAt},
 * {@code limit}/{@code page} and {@code hasNextPage}; writes are {@code POST} and {@code PATCH}
 * ({@code {"doc": ...}} back); a create is preceded by a lookup by natural key (handle or slug).
 */
public final class PayloadConnector implements Connector {
    /** The connector's name. */
    public static final String NAME = "payload";
    private static final Set<Capability> ALL = Set.of(Capability.LIST, Capability.FETCH, Capability.WRITE,
            Capability.DELETE, Capability.WEBHOOK);
    private static final Map<String, String> DEFAULT_COLLECTIONS = Map.of("tenant", "tenants", "store", "stores",
            "page", "pages", "product", "product-content");

    private final HttpJson http;
    private final List<EntitySpec> specs = List.of(
            new EntitySpec("tenant", Set.of("handle", "name", "status"), Optional.of("handle"), ALL),
            new EntitySpec("store", Set.of("handle", "name", "status"), Optional.of("handle"), ALL),
            new EntitySpec("page", Set.of("slug", "title", "status"), Optional.of("slug"), ALL),
            new EntitySpec("product", Set.of("handle", "title", "subtitle", "description", "status"),
                    Optional.of("handle"), ALL));

    public PayloadConnector(HttpClient client, Duration requestTimeout) {
        this.http = new HttpJson(client, requestTimeout);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<EntitySpec> entities() {
        return specs;
    }

    @Override
    public RateLimit rateLimit() {
        return RateLimit.perSecond(20, 40);
    }

    private EntitySpec spec(String type) {
        return specs.stream().filter(s -> s.type().equals(type)).findFirst()
                .orElseThrow(() -> ConnectorException.unsupported("payload does not serve " + type));
    }

    private static String collection(ConnectorCall call, String type) {
        return call.setting("collection." + type, DEFAULT_COLLECTIONS.get(type));
    }

    private static Map<String, String> auth(ConnectorCall call) {
        return Map.of("authorization", call.setting("api_key_collection", "users") + " API-Key "
                + call.credentials().require("api_key"));
    }

    @Override
    public ChangePage listChanges(ConnectorCall call, String entityType, Optional<String> cursor, int limit) {
        EntitySpec spec = spec(entityType);
        TimeCursor c = TimeCursor.parse(cursor);
        Map<String, String> q = HttpJson.query("limit", String.valueOf(c.ask(limit)), "page", "1",
                "sort", "updatedAt", "depth", "0");
        if (c.time() != null) {
            q.put("where[updatedAt][greater_than_equal]", c.time());
        }
        String path = "/api/" + collection(call, entityType);
        HttpJson.Response res = http.send(call, "GET", HttpJson.uri(call.baseUri(), path, q), auth(call), null);
        JsonNode docs = res.body() == null ? null : res.body().get("docs");
        if (res.notFound() || docs == null || !docs.isArray()) {
            throw ConnectorException.retryable("GET " + path + " answered without a 'docs' array", res.status(), null);
        }
        List<Change> changes = new ArrayList<>();
        List<TimeCursor.Item> seen = new ArrayList<>();
        for (JsonNode doc : docs) {
            String time = doc.path("updatedAt").asText(null);
            String id = doc.path("id").isValueNode() ? doc.get("id").asText() : null;
            seen.add(new TimeCursor.Item(time, id));
            if (!c.seen(time, id)) {
                changes.add(toChange(spec, doc));
            }
        }
        boolean more = res.body().path("hasNextPage").asBoolean(false);
        long totalDocs = res.body().path("totalDocs").asLong(-1);
        return new ChangePage(changes, Optional.of(c.after(seen).encode()), more && !changes.isEmpty(),
                c.time() == null && totalDocs >= 0 ? OptionalLong.of(totalDocs) : OptionalLong.empty());
    }

    private Change toChange(EntitySpec spec, JsonNode doc) {
        String id = doc.path("id").isValueNode() ? doc.get("id").asText() : null;
        try {
            return Change.upsert(read(spec, doc));
        } catch (Nodes.Malformed e) {
            return Change.malformed(id, spec.type() + " " + (id == null ? "(no id)" : id) + ": " + e.getMessage(),
                    Nodes.excerpt(doc));
        }
    }

    private static RemoteRecord read(EntitySpec spec, JsonNode doc) {
        String id = Nodes.requireText(doc, "id");
        Instant updated = Nodes.instant(doc, "updatedAt");
        Map<String, Object> f = new LinkedHashMap<>();
        for (String field : spec.fields()) {
            f.put(field, Nodes.text(doc, field));
        }
        String key = spec.naturalKey().orElseThrow();
        if (f.get(key) == null) {
            throw new Nodes.Malformed(key + " is missing");
        }
        return new RemoteRecord(id, Optional.ofNullable(Nodes.text(doc, "cityosId")), Optional.of(updated), f);
    }

    @Override
    public Optional<RemoteRecord> fetch(ConnectorCall call, String entityType, String remoteId) {
        EntitySpec spec = spec(entityType);
        String path = "/api/" + collection(call, entityType) + "/" + HttpJson.segment(remoteId);
        HttpJson.Response res = http.send(call, "GET", HttpJson.uri(call.baseUri(), path,
                HttpJson.query("depth", "0")), auth(call), null);
        if (res.notFound()) {
            return Optional.empty();
        }
        return Optional.of(readDoc(spec, res.body(), "GET " + path, res.status()));
    }

    private static RemoteRecord readDoc(EntitySpec spec, JsonNode doc, String what, int status) {
        try {
            if (doc == null || !doc.isObject()) {
                throw new Nodes.Malformed("no document");
            }
            return read(spec, doc);
        } catch (Nodes.Malformed e) {
            throw ConnectorException.retryable(what + " answered an unreadable document: " + e.getMessage(), status,
                    null);
        }
    }

    @Override
    public Optional<RemoteRecord> findExisting(ConnectorCall call, String entityType, String localId,
                                               Map<String, Object> fields) {
        EntitySpec spec = spec(entityType);
        String key = spec.naturalKey().orElseThrow();
        Object value = fields.get(key);
        if (value == null) {
            return Optional.empty();
        }
        String path = "/api/" + collection(call, entityType);
        HttpJson.Response res = http.send(call, "GET", HttpJson.uri(call.baseUri(), path, HttpJson.query(
                "where[" + key + "][equals]", value.toString(), "limit", "1", "depth", "0")), auth(call), null);
        JsonNode docs = res.body() == null ? null : res.body().get("docs");
        if (docs == null || !docs.isArray() || docs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(readDoc(spec, docs.get(0), "GET " + path, res.status()));
    }

    @Override
    public Optional<RemoteRecord> upsert(ConnectorCall call, String entityType, Optional<String> remoteId,
                                         String localId, Map<String, Object> fields) {
        EntitySpec spec = spec(entityType);
        ObjectNode body = Json.MAPPER.createObjectNode();
        for (String f : spec.fields()) {
            body.set(f, Json.MAPPER.valueToTree(fields.get(f)));
        }
        if (remoteId.isEmpty() && call.setting("external_id_field").isPresent()) {
            body.put(call.setting("external_id_field").get(), localId);
        }
        String path = "/api/" + collection(call, entityType) + remoteId.map(id -> "/" + HttpJson.segment(id)).orElse("");
        HttpJson.Response res = http.send(call, remoteId.isPresent() ? "PATCH" : "POST",
                HttpJson.uri(call.baseUri(), path, HttpJson.query("depth", "0")), auth(call), body);
        if (res.notFound()) {
            throw ConnectorException.rejected("PATCH " + path + " answered 404", 404);
        }
        return Optional.of(readDoc(spec, res.body() == null ? null : res.body().get("doc"),
                (remoteId.isPresent() ? "PATCH " : "POST ") + path, res.status()));
    }

    @Override
    public void delete(ConnectorCall call, String entityType, String remoteId) {
        spec(entityType);
        http.send(call, "DELETE", HttpJson.uri(call.baseUri(), "/api/" + collection(call, entityType) + "/"
                + HttpJson.segment(remoteId), Map.of()), auth(call), null);
    }

    /**
     * Reads what a Payload collection hook forwards (Standard Webhooks signed by the host):
     * {@code {"type": "<collection>.changed" | "<collection>.deleted", "data": {"id": ..., "doc": {...}}}};
     * a change without the document is fetched.
     */
    @Override
    public List<WebhookChange> parseWebhook(ConnectorCall call, String eventType, byte[] body) {
        int dot = eventType.lastIndexOf('.');
        if (dot < 0) {
            return List.of();
        }
        String slug = eventType.substring(0, dot);
        String action = eventType.substring(dot + 1);
        Optional<EntitySpec> spec = specs.stream().filter(s -> collection(call, s.type()).equals(slug)).findFirst();
        if (spec.isEmpty()) {
            return List.of();
        }
        String type = spec.get().type();
        JsonNode data;
        try {
            data = Json.MAPPER.readTree(body).path("data");
        } catch (java.io.IOException e) {
            return List.of(new WebhookChange(type, Change.malformed(null, "webhook body is not JSON", null)));
        }
        String id = data.path("id").isValueNode() ? data.get("id").asText() : null;
        if (id == null || id.isBlank()) {
            return List.of(new WebhookChange(type, Change.malformed(null, "webhook " + eventType + " has no data.id",
                    Nodes.excerpt(data))));
        }
        if ("deleted".equals(action)) {
            return List.of(new WebhookChange(type, Change.deleted(id)));
        }
        if (data.has("doc") && data.get("doc").isObject()) {
            return List.of(new WebhookChange(type, toChange(spec.get(), data.get("doc"))));
        }
        return List.of(new WebhookChange(type, Change.fetch(id)));
    }
}
