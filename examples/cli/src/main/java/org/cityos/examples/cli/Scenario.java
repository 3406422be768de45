package org.cityos.examples.cli;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.commission.NewCommissionRule;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;
import org.cityos.marketplace.vendor.VendorStatus;

/**
 * A parsed scenario file (format: {@code shared/spec/scenarios.md}): tenants, vendors, products,
 * commission rules and timed steps, every field checked, so that a replay never meets a
 * malformed value. Parsing fails with {@link InvalidScenarioException} naming the field's path.
 */
public record Scenario(List<TenantSpec> tenants, List<VendorSpec> vendors, List<ProductSpec> products,
                       List<RuleSpec> rules, List<Step> steps) {

    /** A tenant to create, with its place in the hierarchy and its settings (as strings). */
    public record TenantSpec(String id, String currency, String country, String scope, String category,
                             Optional<String> subcategory, Map<String, String> settings) {
    }

    /** A vendor to create in a tenant, in a lifecycle status, with or without a payout account. */
    public record VendorSpec(String tenant, String id, String name, VendorStatus status, boolean payoutAccount) {
    }

    /** A product link: vendor handle, or empty for the platform. */
    public record ProductSpec(String tenant, String id, Optional<String> vendor, Optional<String> category) {
    }

    /** One rule of a tenant's initial rule set. */
    public record RuleSpec(String tenant, NewCommissionRule rule) {
    }

    /** One timed step; {@code index} is its 0-based position in the file. */
    public sealed interface Step {
        int index();

        Instant at();

        String tenant();
    }

    /** Places an order. */
    public record PlaceOrder(int index, Instant at, String tenant, NewOrder order) implements Step {
    }

    /** Fulfils a vendor's part of an order (empty vendor: the platform's). */
    public record Fulfill(int index, Instant at, String tenant, String order, Optional<String> vendor,
                          Optional<String> carrier, Optional<String> tracking) implements Step {
    }

    /** Cancels a vendor's part of an order (empty vendor: the platform's). */
    public record Cancel(int index, Instant at, String tenant, String order, Optional<String> vendor) implements Step {
    }

    /** Refunds units of a line. */
    public record Refund(int index, Instant at, String tenant, String order, String line, long quantity) implements Step {
    }

    /** Moves a vendor to a status. */
    public record SetVendorStatus(int index, Instant at, String tenant, String vendor, VendorStatus status)
            implements Step {
    }

    /** Replaces a tenant's rule set. */
    public record SetCommissionRules(int index, Instant at, String tenant, List<NewCommissionRule> rules)
            implements Step {
    }

    /** Runs payouts at the step's time. */
    public record RunPayouts(int index, Instant at, String tenant) implements Step {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /** Parses and checks a scenario. */
    public static Scenario parse(String json) throws InvalidScenarioException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidScenarioException("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new InvalidScenarioException("cannot read the scenario: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidScenarioException("a scenario is a JSON object");
        }
        try {
            return new Parser().scenario(root);
        } catch (IllegalArgumentException e) {
            throw new InvalidScenarioException(e.getMessage(), e);
        }
    }

    private static final class Parser {
        private final Set<String> tenantIds = new LinkedHashSet<>();

        Scenario scenario(JsonNode root) throws InvalidScenarioException {
            List<TenantSpec> tenants = new ArrayList<>();
            for (Item it : array(root, "tenants", "", true)) {
                tenants.add(tenant(it.node, it.path));
            }
            if (tenants.isEmpty()) {
                throw new InvalidScenarioException("tenants: at least one tenant is needed");
            }
            List<VendorSpec> vendors = new ArrayList<>();
            for (Item it : array(root, "vendors", "", false)) {
                vendors.add(new VendorSpec(tenantOf(it.node, it.path), id(it.node, "id", it.path),
                        text(it.node, "name", it.path),
                        optText(it.node, "status", it.path).map(s -> status(s, it.path + ".status")).orElse(VendorStatus.ACTIVE),
                        optBool(it.node, "payout_account", it.path).orElse(true)));
            }
            List<ProductSpec> products = new ArrayList<>();
            for (Item it : array(root, "products", "", false)) {
                products.add(new ProductSpec(tenantOf(it.node, it.path), id(it.node, "id", it.path),
                        optText(it.node, "vendor", it.path), optText(it.node, "category", it.path)));
            }
            List<RuleSpec> rules = new ArrayList<>();
            for (Item it : array(root, "commission_rules", "", false)) {
                rules.add(new RuleSpec(tenantOf(it.node, it.path), rule(it.node, it.path)));
            }
            List<Step> steps = new ArrayList<>();
            Instant last = null;
            int i = 0;
            for (Item it : array(root, "steps", "", false)) {
                Step s = step(i++, it.node, it.path);
                if (last != null && s.at().isBefore(last)) {
                    throw new InvalidScenarioException(it.path + ".at: " + s.at() + " is before the previous step's " + last);
                }
                last = s.at();
                steps.add(s);
            }
            return new Scenario(tenants, vendors, products, rules, steps);
        }

        TenantSpec tenant(JsonNode n, String path) throws InvalidScenarioException {
            String id = id(n, "id", path);
            if (!tenantIds.add(id)) {
                throw new InvalidScenarioException(path + ".id: tenant '" + id + "' appears twice");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            JsonNode s = n.get("settings");
            if (s != null && !s.isNull()) {
                if (!s.isObject()) {
                    throw new InvalidScenarioException(path + ".settings: expected an object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> f = s.fields(); f.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = f.next();
                    JsonNode v = e.getValue();
                    if (v.isIntegralNumber() || v.isTextual()) {
                        settings.put(e.getKey(), v.asText());
                    } else {
                        throw new InvalidScenarioException(path + ".settings." + e.getKey()
                                + ": expected a whole number or a string, got " + v);
                    }
                }
            }
            return new TenantSpec(id, text(n, "currency", path), text(n, "country", path), text(n, "scope", path),
                    text(n, "category", path), optText(n, "subcategory", path), settings);
        }

        Step step(int index, JsonNode n, String path) throws InvalidScenarioException {
            Instant at = instant(n, path);
            String tenant = tenantOf(n, path);
            String action = text(n, "action", path);
            return switch (action) {
                case "place_order" -> new PlaceOrder(index, at, tenant, order(object(n, "order", path), path + ".order"));
                case "fulfill" -> new Fulfill(index, at, tenant, id(n, "order", path), optText(n, "vendor", path),
                        optText(n, "carrier", path), optText(n, "tracking", path));
                case "cancel" -> new Cancel(index, at, tenant, id(n, "order", path), optText(n, "vendor", path));
                case "refund" -> new Refund(index, at, tenant, id(n, "order", path), id(n, "line", path),
                        whole(n, "quantity", path));
                case "set_vendor_status" -> new SetVendorStatus(index, at, tenant, id(n, "vendor", path),
                        status(text(n, "status", path), path + ".status"));
                case "set_commission_rules" -> {
                    List<NewCommissionRule> rules = new ArrayList<>();
                    for (Item it : array(n, "rules", path, true)) {
                        rules.add(rule(it.node, it.path));
                    }
                    yield new SetCommissionRules(index, at, tenant, rules);
                }
                case "run_payouts" -> new RunPayouts(index, at, tenant);
                default -> throw new InvalidScenarioException(path + ".action: unknown action '" + action + "'");
            };
        }

        NewOrder order(JsonNode n, String path) throws InvalidScenarioException {
            String id = id(n, "id", path);
            long discount = optWhole(n, "discount", path).orElse(0);
            Map<VendorRef, Long> shipping = new LinkedHashMap<>();
            JsonNode s = n.get("shipping");
            if (s != null && !s.isNull()) {
                if (!s.isObject()) {
                    throw new InvalidScenarioException(path + ".shipping: expected an object of vendor id to amount");
                }
                for (Iterator<Map.Entry<String, JsonNode>> f = s.fields(); f.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = f.next();
                    shipping.put(VendorRef.handle(e.getKey()), longOf(e.getValue(), path + ".shipping." + e.getKey()));
                }
            }
            List<NewOrderLine> lines = new ArrayList<>();
            for (Item it : array(n, "lines", path, true)) {
                lines.add(new NewOrderLine(id(it.node, "id", it.path), id(it.node, "product", it.path),
                        whole(it.node, "quantity", it.path), whole(it.node, "unit_price", it.path)));
            }
            return new NewOrder(id, lines, discount, shipping);
        }

        NewCommissionRule rule(JsonNode n, String path) throws InvalidScenarioException {
            long rate = whole(n, "rate_bps", path);
            if (rate < Integer.MIN_VALUE || rate > Integer.MAX_VALUE) {
                throw new InvalidScenarioException(path + ".rate_bps: " + rate + " is out of range");
            }
            return new NewCommissionRule(optText(n, "vendor", path).map(VendorRef::handle),
                    optText(n, "category", path), optText(n, "product", path),
                    optBool(n, "default", path).orElse(false), (int) rate, optWhole(n, "flat", path).orElse(0),
                    optWhole(n, "min", path), optWhole(n, "max", path));
        }

        String tenantOf(JsonNode n, String path) throws InvalidScenarioException {
            Optional<String> t = optText(n, "tenant", path);
            if (t.isPresent()) {
                if (!tenantIds.contains(t.get())) {
                    throw new InvalidScenarioException(path + ".tenant: no tenant '" + t.get() + "' in tenants");
                }
                return t.get();
            }
            if (tenantIds.size() != 1) {
                throw new InvalidScenarioException(path + ".tenant: missing, and the scenario has "
                        + tenantIds.size() + " tenants");
            }
            return tenantIds.iterator().next();
        }

        static VendorStatus status(String s, String path) {
            try {
                return VendorStatus.parse(s);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(path + ": '" + s + "' is not one of pending, active, rejected, suspended");
            }
        }

        static Instant instant(JsonNode n, String path) throws InvalidScenarioException {
            String at = text(n, "at", path);
            try {
                return Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new InvalidScenarioException(path + ".at: '" + at + "' is not an ISO-8601 instant");
            }
        }

        record Item(JsonNode node, String path) {
        }

        static List<Item> array(JsonNode n, String field, String path, boolean required) throws InvalidScenarioException {
            String p = path.isEmpty() ? field : path + "." + field;
            JsonNode a = n.get(field);
            if (a == null || a.isNull()) {
                if (required) {
                    throw new InvalidScenarioException(p + ": missing");
                }
                return List.of();
            }
            if (!a.isArray()) {
                throw new InvalidScenarioException(p + ": expected an array");
            }
            List<Item> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).isObject()) {
                    throw new InvalidScenarioException(p + "[" + i + "]: expected an object");
                }
                out.add(new Item(a.get(i), p + "[" + i + "]"));
            }
            return out;
        }

        static JsonNode object(JsonNode n, String field, String path) throws InvalidScenarioException {
            JsonNode o = n.get(field);
            if (o == null || !o.isObject()) {
                throw new InvalidScenarioException(path + "." + field + ": missing or not an object");
            }
            return o;
        }

        static String text(JsonNode n, String field, String path) throws InvalidScenarioException {
            JsonNode v = n.get(field);
            if (v == null || !v.isTextual()) {
                throw new InvalidScenarioException(path + "." + field + ": missing or not a string");
            }
            return v.textValue();
        }

        /** An id: a string, or a whole number taken as its text. */
        static String id(JsonNode n, String field, String path) throws InvalidScenarioException {
            JsonNode v = n.get(field);
            if (v != null && (v.isTextual() || v.isIntegralNumber())) {
                return v.asText();
            }
            throw new InvalidScenarioException(path + "." + field + ": missing or not an id");
        }

        static Optional<String> optText(JsonNode n, String field, String path) throws InvalidScenarioException {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isTextual()) {
                throw new InvalidScenarioException(path + "." + field + ": expected a string or null, got " + v);
            }
            return Optional.of(v.textValue());
        }

        static Optional<Boolean> optBool(JsonNode n, String field, String path) throws InvalidScenarioException {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isBoolean()) {
                throw new InvalidScenarioException(path + "." + field + ": expected true or false, got " + v);
            }
            return Optional.of(v.booleanValue());
        }

        static long whole(JsonNode n, String field, String path) throws InvalidScenarioException {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                throw new InvalidScenarioException(path + "." + field + ": missing");
            }
            return longOf(v, path + "." + field);
        }

        static OptionalLong optWhole(JsonNode n, String field, String path) throws InvalidScenarioException {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(longOf(v, path + "." + field));
        }

        static long longOf(JsonNode v, String path) throws InvalidScenarioException {
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new InvalidScenarioException(path + ": expected a whole number of minor units, got " + v);
            }
            return v.longValue();
        }
    }
}
