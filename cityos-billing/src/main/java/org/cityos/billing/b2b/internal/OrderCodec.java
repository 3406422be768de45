package org.cityos.billing.b2b.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.cityos.core.Json;
import org.cityos.marketplace.VendorId;
import org.cityos.marketplace.VendorRef;
import org.cityos.marketplace.order.NewOrder;
import org.cityos.marketplace.order.NewOrderLine;

/** A marketplace order as an approval request keeps it: JSON of its id, lines, discount and shipping (internal). */
public final class OrderCodec {
    private OrderCodec() {
    }

    public static String write(NewOrder o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("order_id", o.orderId());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (NewOrderLine l : o.lines()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("line_id", l.lineId());
            line.put("product_id", l.productId());
            line.put("quantity", l.quantity());
            line.put("unit_price", l.unitPrice());
            lines.add(line);
        }
        m.put("lines", lines);
        m.put("discount", o.discount());
        List<Map<String, Object>> shipping = new ArrayList<>();
        o.shipping().forEach((ref, amount) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            if (ref instanceof VendorRef.ById id) {
                s.put("vendor_id", id.id().toString());
            } else if (ref instanceof VendorRef.ByHandle h) {
                s.put("vendor_handle", h.handle());
            } else {
                s.put("platform", true);
            }
            s.put("amount", amount);
            shipping.add(s);
        });
        m.put("shipping", shipping);
        return Json.write(m);
    }

    public static NewOrder read(String json) {
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            List<NewOrderLine> lines = new ArrayList<>();
            for (JsonNode l : n.get("lines")) {
                lines.add(NewOrderLine.of(l.get("line_id").asText(), l.get("product_id").asText(),
                        l.get("quantity").asLong(), l.get("unit_price").asLong()));
            }
            Map<VendorRef, Long> shipping = new LinkedHashMap<>();
            for (JsonNode s : n.get("shipping")) {
                VendorRef ref = s.has("vendor_id") ? VendorRef.of(VendorId.parse(s.get("vendor_id").asText()))
                        : s.has("vendor_handle") ? VendorRef.handle(s.get("vendor_handle").asText()) : VendorRef.platform();
                shipping.put(ref, s.get("amount").asLong());
            }
            return new NewOrder(n.get("order_id").asText(), lines, n.get("discount").asLong(), shipping);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("a stored order cannot be read back: " + e.getMessage(), e);
        }
    }
}
