package org.cityos.sync.connector;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cityos.core.Json;
import org.cityos.sync.engine.Capability;
import org.cityos.sync.engine.ChangePage;
import org.cityos.sync.engine.Connector;
import org.cityos.sync.engine.ConnectorCall;
import org.cityos.sync.engine.ConnectorException;
import org.cityos.sync.engine.EntitySpec;
import org.cityos.sync.engine.RateLimit;
import org.cityos.sync.engine.RemoteRecord;
import org.cityos.sync.internal.HttpJson;
import org.cityos.sync.internal.Nodes;

/**
 * The ERP: ERPNext (Frappe) REST resources with token auth ({@code Authorization: token
 * <api_key>:<api_secret>}, credentials {@code api_key} and {@code api_secret}). Orders become
 * {@code Sales Invoice}s (the order number in {@code po_no}, or the field named by setting
 * {@code order_ref_field}), commissions and paid payouts become {@code Journal Entry}s (reference
 * {@code cityos-commission-<vendor order>} or {@code cityos-payout-<payout>} in {@code cheque_no}).
 * Each create is preceded by a lookup on that reference ({@code filters}), since Frappe takes no
 * idempotency key. Documents are submitted ({@code docstatus} 1) unless setting {@code submit} is
 * {@code false}; a submitted document is never edited by the sync (corrections are credit notes
 * or reversing entries, made by people). Settings: {@code company}, {@code customer},
 * {@code shipping_item}, {@code accounts.vendor_payable}, {@code accounts.commission_income},
 * {@code accounts.bank}, {@code time_zone}. Write-only: ERP documents are not read back as changes.
 */
public final class ErpNextConnector implements Connector {
    /** The connector's name. */
    public static final String NAME = "erpnext";
    private static final Set<Capability> WRITE = Set.of(Capability.FETCH, Capability.WRITE);
    private final HttpJson http;
    private final List<EntitySpec> specs = List.of(
            new EntitySpec("order", Set.of("number", "currency", "subtotal", "discount", "shipping", "total",
                    "placed_at", "lines"), Optional.empty(), WRITE),
            new EntitySpec("commission", Set.of("vendor_order_id", "order_id", "vendor_id", "commission", "currency",
                    "placed_at"), Optional.empty(), WRITE),
            new EntitySpec("payout", Set.of("payout_id", "vendor_id", "amount", "currency", "status", "run_at",
                    "reference"), Optional.empty(), WRITE));

    public ErpNextConnector(HttpClient client, Duration requestTimeout) {
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

    /** Frappe Cloud's default API limit is per minute and per user; 5 per second stays well under it. */
    @Override
    public RateLimit rateLimit() {
        return RateLimit.perSecond(5, 10);
    }

    private static Map<String, String> auth(ConnectorCall call) {
        return Map.of("authorization", "token " + call.credentials().require("api_key") + ":"
                + call.credentials().require("api_secret"));
    }

    private static String doctype(String type) {
        return switch (type) {
            case "order" -> "Sales Invoice";
            case "commission", "payout" -> "Journal Entry";
            default -> throw ConnectorException.unsupported("erpnext does not serve " + type);
        };
    }

    private static String refField(ConnectorCall call, String type) {
        return "order".equals(type) ? call.setting("order_ref_field", "po_no") : "cheque_no";
    }

    private static String reference(String type, String localId, Map<String, Object> fields) {
        return switch (type) {
            case "order" -> String.valueOf(fields.get("number"));
            case "commission" -> "cityos-commission-" + fields.get("vendor_order_id");
            case "payout" -> "cityos-payout-" + fields.get("payout_id");
            default -> throw ConnectorException.unsupported("erpnext does not serve " + type);
        };
    }

    @Override
    public ChangePage listChanges(ConnectorCall call, String entityType, Optional<String> cursor, int limit) {
        throw ConnectorException.unsupported("erpnext is written to, not read from");
    }

    @Override
    public Optional<RemoteRecord> fetch(ConnectorCall call, String entityType, String remoteId) {
        String path = "/api/resource/" + HttpJson.segment(doctype(entityType)) + "/" + HttpJson.segment(remoteId);
        HttpJson.Response res = http.send(call, "GET", HttpJson.uri(call.baseUri(), path, Map.of()), auth(call), null);
        if (res.notFound()) {
            return Optional.empty();
        }
        JsonNode data = res.body() == null ? null : res.body().get("data");
        if (data == null || !data.isObject()) {
            throw ConnectorException.retryable("GET " + path + " answered without 'data'", res.status(), null);
        }
        return Optional.of(new RemoteRecord(remoteId, Optional.empty(), modified(call, data), Map.of()));
    }

    private static Optional<Instant> modified(ConnectorCall call, JsonNode data) {
        String m = Nodes.text(data, "modified");
        if (m == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Nodes.frappeTime(m, ZoneId.of(call.setting("time_zone", "UTC"))));
        } catch (Nodes.Malformed e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<RemoteRecord> findExisting(ConnectorCall call, String entityType, String localId,
                                               Map<String, Object> fields) {
        String doctype = doctype(entityType);
        String field = refField(call, entityType);
        String filters = Json.write(List.of(List.of(field, "=", reference(entityType, localId, fields)),
                List.of("docstatus", "<", 2)));
        HttpJson.Response res = http.send(call, "GET", HttpJson.uri(call.baseUri(), "/api/resource/"
                        + HttpJson.segment(doctype), HttpJson.query("filters", filters,
                        "fields", Json.write(List.of("name", "modified", "docstatus")), "limit_page_length", "1")),
                auth(call), null);
        JsonNode data = res.body() == null ? null : res.body().get("data");
        if (data == null || !data.isArray() || data.isEmpty()) {
            return Optional.empty();
        }
        JsonNode doc = data.get(0);
        // the document was made from this record by an earlier attempt: it holds what we would write
        return Optional.of(new RemoteRecord(Nodes.requireText(doc, "name"), Optional.of(localId),
                modified(call, doc), fields));
    }

    @Override
    public Optional<RemoteRecord> upsert(ConnectorCall call, String entityType, Optional<String> remoteId,
                                         String localId, Map<String, Object> fields) {
        String doctype = doctype(entityType);
        ObjectNode doc = switch (entityType) {
            case "order" -> invoice(call, fields);
            case "commission" -> commission(call, fields);
            case "payout" -> payout(call, fields);
            default -> throw ConnectorException.unsupported("erpnext does not serve " + entityType);
        };
        if (doc == null) {
            return Optional.empty(); // nothing to post (no commission, an unpaid payout)
        }
        doc.put(refField(call, entityType), reference(entityType, localId, fields));
        String base = "/api/resource/" + HttpJson.segment(doctype);
        if (remoteId.isPresent()) {
            String path = base + "/" + HttpJson.segment(remoteId.get());
            HttpJson.Response cur = http.send(call, "GET", HttpJson.uri(call.baseUri(), path, Map.of()), auth(call),
                    null);
            if (!cur.notFound() && cur.body() != null && cur.body().path("data").path("docstatus").asInt(0) != 0) {
                // submitted (or cancelled): not edited by the sync
                return Optional.of(new RemoteRecord(remoteId.get(), Optional.of(localId),
                        modified(call, cur.body().get("data")), fields));
            }
            if (!cur.notFound()) {
                HttpJson.Response res = http.send(call, "PUT", HttpJson.uri(call.baseUri(), path, Map.of()),
                        auth(call), doc);
                return Optional.of(result(call, res, "PUT " + path, localId, fields));
            }
        }
        HttpJson.Response res = http.send(call, "POST", HttpJson.uri(call.baseUri(), base, Map.of()), auth(call), doc);
        return Optional.of(result(call, res, "POST " + base, localId, fields));
    }

    private static RemoteRecord result(ConnectorCall call, HttpJson.Response res, String what, String localId,
                                       Map<String, Object> fields) {
        JsonNode data = res.body() == null ? null : res.body().get("data");
        String name = data == null ? null : Nodes.text(data, "name");
        if (res.notFound() || name == null) {
            throw ConnectorException.retryable(what + " answered without data.name", res.status(), null);
        }
        // ERPNext computes its own figures (taxes, rounding); the record keeps what the sync wrote
        return new RemoteRecord(name, Optional.of(localId), modified(call, data), fields);
    }

    private static int docstatus(ConnectorCall call) {
        return "false".equalsIgnoreCase(call.setting("submit", "true")) ? 0 : 1;
    }

    private static String date(Object iso) {
        if (iso == null) {
            return null;
        }
        return LocalDate.ofInstant(Instant.parse(iso.toString()), ZoneOffset.UTC).toString();
    }

    private static BigDecimal money(Map<String, Object> f, String field, String currency) {
        Object v = f.get(field);
        return v == null ? BigDecimal.ZERO : Nodes.major(((Number) v).longValue(), currency);
    }

    private static ObjectNode invoice(ConnectorCall call, Map<String, Object> f) {
        String currency = String.valueOf(f.get("currency"));
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("customer", call.setting("customer", "CityOS Marketplace"));
        call.setting("company").ifPresent(c -> d.put("company", c));
        d.put("currency", currency);
        String date = date(f.get("placed_at"));
        d.put("posting_date", date);
        d.put("set_posting_time", 1);
        d.put("due_date", date);
        ArrayNode items = d.putArray("items");
        Object lines = f.get("lines");
        if (lines instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> l) {
                    ObjectNode item = items.addObject();
                    item.put("item_code", String.valueOf(l.get("product_id")));
                    item.put("qty", ((Number) l.get("quantity")).longValue());
                    item.put("rate", Nodes.major(((Number) l.get("unit_price")).longValue(), currency));
                }
            }
        }
        BigDecimal shipping = money(f, "shipping", currency);
        if (shipping.signum() > 0) {
            ObjectNode item = items.addObject();
            item.put("item_code", call.setting("shipping_item", "Shipping"));
            item.put("qty", 1);
            item.put("rate", shipping);
        }
        BigDecimal discount = money(f, "discount", currency);
        if (discount.signum() > 0) {
            d.put("apply_discount_on", "Net Total");
            d.put("discount_amount", discount);
        }
        d.put("docstatus", docstatus(call));
        return d;
    }

    private static ObjectNode journal(ConnectorCall call, String date, String remark, BigDecimal amount,
                                      String debit, String credit) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("voucher_type", "Journal Entry");
        call.setting("company").ifPresent(c -> d.put("company", c));
        d.put("posting_date", date);
        d.put("cheque_date", date);
        d.put("user_remark", remark);
        ArrayNode rows = d.putArray("accounts");
        rows.addObject().put("account", debit).put("debit_in_account_currency", amount)
                .put("credit_in_account_currency", 0);
        rows.addObject().put("account", credit).put("debit_in_account_currency", 0)
                .put("credit_in_account_currency", amount);
        d.put("docstatus", docstatus(call));
        return d;
    }

    private static ObjectNode commission(ConnectorCall call, Map<String, Object> f) {
        Object c = f.get("commission");
        if (!(c instanceof Number n) || n.longValue() <= 0) {
            return null;
        }
        String currency = String.valueOf(f.get("currency"));
        return journal(call, date(f.get("placed_at")), "Commission on order " + f.get("order_id") + " (vendor order "
                        + f.get("vendor_order_id") + ")", Nodes.major(n.longValue(), currency),
                call.setting("accounts.vendor_payable", "Vendor Payable"),
                call.setting("accounts.commission_income", "Commission Income"));
    }

    private static ObjectNode payout(ConnectorCall call, Map<String, Object> f) {
        if (!"paid".equals(f.get("status")) || !(f.get("amount") instanceof Number n)) {
            return null;
        }
        String currency = String.valueOf(f.get("currency"));
        return journal(call, date(f.get("run_at")), "Payout " + f.get("payout_id") + " to vendor " + f.get("vendor_id")
                        + (f.get("reference") == null ? "" : " (" + f.get("reference") + ")"),
                Nodes.major(n.longValue(), currency), call.setting("accounts.vendor_payable", "Vendor Payable"),
                call.setting("accounts.bank", "Bank"));
    }

    @Override
    public void delete(ConnectorCall call, String entityType, String remoteId) {
        throw ConnectorException.unsupported("erpnext documents are cancelled by people, not deleted by the sync");
    }
}
