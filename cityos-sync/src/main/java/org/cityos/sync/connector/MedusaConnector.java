package org.cityos.sync.connector;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
 * The commerce backend: Medusa v2 Admin API ({@code /admin/products}, {@code /admin/orders},
 * {@code /admin/sales-channels}, {@code /admin/regions}) with a secret API key sent as HTTP Basic
 * ({@code Authorization: Basic base64("sk_...:")}, credential {@code api_token}). Lists are paged
 * with {@code limit}/{@code offset}, filtered by {@code updated_at[$gte]} and ordered by
 * {@code updated_at}; products, sales channels and regions are created and updated with
 * {@code POST}, carry the local id in {@code metadata.cityos_id}, and are looked up by handle or
 * name before a create (Medusa takes no idempotency key). Orders are read-only. Amounts are in
 * major units there and minor units here.
 */
public final class MedusaConnector implements Connector {
    /** The connector's name. */
    public static final String NAME = "medusa";
    private static final String META_ID = "cityos_id";
    // fields Medusa accepts as null (others are optional but not nullable, so nulls are left out)
    private static final Set<String> NULLABLE = Set.of("subtitle", "description");

    private final HttpJson http;
    private final Map<String, Resource> resources = new LinkedHashMap<>();

    private record Resource(EntitySpec spec, String path, String many, String one, String fields,
                            String lookupParam) {
    }

    public MedusaConnector(HttpClient client, Duration requestTimeout) {
        this.http = new HttpJson(client, requestTimeout);
        Set<Capability> rw = Set.of(Capability.LIST, Capability.FETCH, Capability.WRITE, Capability.DELETE,
                Capability.WEBHOOK);
        add(new Resource(new EntitySpec("product", Set.of("handle", "title", "subtitle", "description", "status"),
                Optional.of("handle"), rw), "/admin/products", "products", "product",
                "id,handle,title,subtitle,description,status,metadata,updated_at", "handle"));
        add(new Resource(new EntitySpec("sales_channel", Set.of("name", "description", "is_disabled"),
                Optional.of("name"), rw), "/admin/sales-channels", "sales_channels", "sales_channel",
                "id,name,description,is_disabled,metadata,updated_at", "name"));
        add(new Resource(new EntitySpec("region", Set.of("name", "currency_code"), Optional.of("name"), rw),
                "/admin/regions", "regions", "region", "id,name,currency_code,metadata,updated_at", "name"));
        add(new Resource(new EntitySpec("order", Set.of("number", "currency", "subtotal", "discount", "shipping",
                "total", "placed_at", "lines"), Optional.empty(),
                Set.of(Capability.LIST, Capability.FETCH, Capability.WEBHOOK)), "/admin/orders", "orders", "order",
                "id,display_id,currency_code,subtotal,discount_total,shipping_total,total,created_at,updated_at,"
                        + "metadata,*items", null));
    }

    private void add(Resource r) {
        resources.put(r.spec().type(), r);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<EntitySpec> entities() {
        return resources.values().stream().map(Resource::spec).toList();
    }

    /** Medusa sets no published limit; 20 requests per second with bursts of 40 keeps a shared instance usable. */
    @Override
    public RateLimit rateLimit() {
        return RateLimit.perSecond(20, 40);
    }

    private Resource resource(String type) {
        Resource r = resources.get(type);
        if (r == null) {
            throw ConnectorException.unsupported("medusa does not serve " + type);
        }
        return r;
    }

    private static Map<String, String> auth(ConnectorCall call) {
        String token = call.credentials().require("api_token");
        String basic = Base64.getEncoder().encodeToString((token + ":").getBytes(StandardCharsets.UTF_8));
        return Map.of("authorization", "Basic " + basic);
    }

    @Override
    public ChangePage listChanges(ConnectorCall call, String entityType, Optional<String> cursor, int limit) {
        Resource r = resource(entityType);
        TimeCursor c = TimeCursor.parse(cursor);
        int ask = c.ask(limit);
        Map<String, String> q = HttpJson.query("limit", String.valueOf(ask), "offset", "0", "order", "updated_at",
                "fields", r.fields());
        if (c.time() != null) {
            q.put("updated_at[$gte]", c.time());
        }
        HttpJson.Response res = http.send(call, "GET", HttpJson.uri(call.baseUri(), r.path(), q), auth(call), null);
        JsonNode body = res.body();
        JsonNode items = body == null ? null : body.get(r.many());
        if (res.notFound() || items == null || !items.isArray()) {
            throw ConnectorException.retryable("GET " + r.path() + " answered without a '" + r.many() + "' array",
                    res.status(), null);
        }
        List<Change> changes = new ArrayList<>();
        List<TimeCursor.Item> seen = new ArrayList<>();
        for (JsonNode item : items) {
            String time = item.path("updated_at").asText(null);
            String id = item.path("id").asText(null);
            seen.add(new TimeCursor.Item(time, id));
            if (!c.seen(time, id)) {
                changes.add(toChange(r, item));
            }
        }
        long count = body.path("count").asLong(-1);
        boolean more = count >= 0 ? items.size() < count : items.size() >= ask;
        OptionalLong total = c.time() == null && count >= 0 ? OptionalLong.of(count) : OptionalLong.empty();
        return new ChangePage(changes, Optional.of(c.after(seen).encode()), more && !changes.isEmpty(), total);
    }

    private Change toChange(Resource r, JsonNode item) {
        String id = item.path("id").isTextual() ? item.get("id").asText() : null;
        try {
            return Change.upsert(read(r, item));
        } catch (Nodes.Malformed e) {
            return Change.malformed(id, r.one() + " " + (id == null ? "(no id)" : id) + ": " + e.getMessage(),
                    Nodes.excerpt(item));
        }
    }

    private RemoteRecord read(Resource r, JsonNode n) {
        String id = Nodes.requireText(n, "id");
        Instant updated = Nodes.instant(n, "updated_at");
        Map<String, Object> f = new LinkedHashMap<>();
        switch (r.spec().type()) {
            case "product" -> {
                f.put("handle", Nodes.text(n, "handle"));
                f.put("title", Nodes.requireText(n, "title"));
                f.put("subtitle", Nodes.text(n, "subtitle"));
                f.put("description", Nodes.text(n, "description"));
                f.put("status", Nodes.text(n, "status"));
            }
            case "sales_channel" -> {
                f.put("name", Nodes.requireText(n, "name"));
                f.put("description", Nodes.text(n, "description"));
                f.put("is_disabled", Nodes.bool(n, "is_disabled"));
            }
            case "region" -> {
                f.put("name", Nodes.requireText(n, "name"));
                f.put("currency_code", Nodes.requireText(n, "currency_code"));
            }
            case "order" -> readOrder(n, f);
            default -> throw new IllegalStateException(r.spec().type());
        }
        String local = Nodes.child(n, "metadata").map(m -> Nodes.text(m, META_ID)).orElse(null);
        return new RemoteRecord(id, Optional.ofNullable(local), Optional.of(updated), f);
    }

    private static void readOrder(JsonNode n, Map<String, Object> f) {
        String currency = Nodes.requireText(n, "currency_code").toUpperCase(java.util.Locale.ROOT);
        f.put("number", Nodes.requireText(n, "display_id"));
        f.put("currency", currency);
        f.put("subtotal", Nodes.minor(Nodes.decimal(n, "subtotal"), currency));
        f.put("discount", Nodes.minor(Nodes.decimal(n, "discount_total"), currency));
        f.put("shipping", Nodes.minor(Nodes.decimal(n, "shipping_total"), currency));
        f.put("total", Nodes.minor(Nodes.decimal(n, "total"), currency));
        f.put("placed_at", Nodes.instant(n, "created_at").toString());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (JsonNode item : n.path("items")) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("line_id", Nodes.requireText(item, "id"));
            l.put("product_id", Nodes.text(item, "product_id"));
            l.put("quantity", Nodes.decimal(item, "quantity"));
            l.put("unit_price", Nodes.minor(Nodes.decimal(item, "unit_price"), currency));
            lines.add(l);
        }
        f.put("lines", lines);
    }

    @Override
    public Optional<RemoteRecord> fetch(ConnectorCall call, String entityType, String remoteId) {
        Resource r = resource(entityType);
        HttpJson.Response res = http.send(call, "GET", HttpJson.uri(call.baseUri(), r.path() + "/"
                + HttpJson.segment(remoteId), HttpJson.query("fields", r.fields())), auth(call), null);
        if (res.notFound()) {
            return Optional.empty();
        }
        return Optional.of(readOne(r, res, "GET"));
    }

    private RemoteRecord readOne(Resource r, HttpJson.Response res, String method) {
        JsonNode one = res.body() == null ? null : res.body().get(r.one());
        try {
            if (one == null || !one.isObject()) {
                throw new Nodes.Malformed("no '" + r.one() + "' object");
            }
            return read(r, one);
        } catch (Nodes.Malformed e) {
            throw ConnectorException.retryable(method + " " + r.path() + " answered an unreadable " + r.one() + ": "
                    + e.getMessage(), res.status(), null);
        }
    }

    @Override
    public Optional<RemoteRecord> findExisting(ConnectorCall call, String entityType, String localId,
                                               Map<String, Object> fields) {
        Resource r = resource(entityType);
        Object key = r.lookupParam() == null ? null : fields.get(r.spec().naturalKey().orElseThrow());
        if (key == null) {
            return Optional.empty();
        }
        HttpJson.Response res = http.send(call, "GET", HttpJson.uri(call.baseUri(), r.path(), HttpJson.query(
                r.lookupParam(), key.toString(), "limit", "10", "fields", r.fields())), auth(call), null);
        JsonNode items = res.body() == null ? null : res.body().get(r.many());
        if (items == null || !items.isArray()) {
            return Optional.empty();
        }
        for (JsonNode item : items) {
            if (key.toString().equals(item.path(r.lookupParam()).asText())) {
                try {
                    return Optional.of(read(r, item));
                } catch (Nodes.Malformed e) {
                    throw ConnectorException.retryable("the " + r.one() + " found by " + r.lookupParam()
                            + " is unreadable: " + e.getMessage(), res.status(), null);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<RemoteRecord> upsert(ConnectorCall call, String entityType, Optional<String> remoteId,
                                         String localId, Map<String, Object> fields) {
        Resource r = resource(entityType);
        if (!r.spec().can(Capability.WRITE)) {
            throw ConnectorException.unsupported("medusa " + entityType + " is read-only here");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        for (String f : r.spec().fields()) {
            Object v = fields.get(f);
            if (v != null || NULLABLE.contains(f) && remoteId.isPresent()) {
                body.set(f, Json.MAPPER.valueToTree(v));
            }
        }
        if (remoteId.isEmpty()) {
            body.putObject("metadata").put(META_ID, localId);
        }
        URI uri = HttpJson.uri(call.baseUri(), r.path() + remoteId.map(id -> "/" + HttpJson.segment(id)).orElse(""),
                HttpJson.query("fields", r.fields()));
        HttpJson.Response res = http.send(call, "POST", uri, auth(call), body);
        if (res.notFound()) {
            throw ConnectorException.rejected("POST " + r.path() + "/" + remoteId.orElse("") + " answered 404", 404);
        }
        return Optional.of(readOne(r, res, "POST"));
    }

    @Override
    public void delete(ConnectorCall call, String entityType, String remoteId) {
        Resource r = resource(entityType);
        http.send(call, "DELETE", HttpJson.uri(call.baseUri(), r.path() + "/" + HttpJson.segment(remoteId),
                Map.of()), auth(call), null);
    }

    /**
     * Reads the events a Medusa subscriber forwards ({@code {"type": "product.updated", "data":
     * {"id": ...}}}, Standard Webhooks signed by the host): a deletion is reported as one, any other
     * event as an id whose current state is fetched.
     */
    @Override
    public List<WebhookChange> parseWebhook(ConnectorCall call, String eventType, byte[] body) {
        String type = eventType.replace('-', '_');
        int dot = type.indexOf('.');
        String entity = dot < 0 ? type : type.substring(0, dot);
        if (!resources.containsKey(entity)) {
            return List.of();
        }
        JsonNode data;
        try {
            data = Json.MAPPER.readTree(body).path("data");
        } catch (java.io.IOException e) {
            return List.of(new WebhookChange(entity, Change.malformed(null, "webhook body is not JSON", null)));
        }
        String id = data.path("id").asText(null);
        if (id == null || id.isBlank()) {
            return List.of(new WebhookChange(entity, Change.malformed(null, "webhook " + eventType + " has no data.id",
                    Nodes.excerpt(data))));
        }
        return List.of(new WebhookChange(entity, type.endsWith(".deleted") ? Change.deleted(id) : Change.fetch(id)));
    }
}
