package org.cityos.marketplace.order;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cityos.marketplace.VendorId;

/** The JSON payloads of the order events. */
final class Payloads {
    private Payloads() {
    }

    static Map<String, Object> orderPlaced(Order o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", o.orderId());
        m.put("currency", o.currency());
        m.put("subtotal", o.subtotal());
        m.put("discount", o.discount());
        m.put("shipping", o.shipping());
        m.put("total", o.total());
        List<Map<String, Object>> parts = new ArrayList<>();
        for (VendorOrder vo : o.vendorOrders()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("vendorOrderId", vo.id().toString());
            p.put("vendorId", vo.vendor().map(VendorId::toString).orElse(null));
            parts.add(p);
        }
        m.put("vendorOrders", parts);
        return m;
    }

    static Map<String, Object> vendorOrder(VendorOrder vo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", vo.orderId());
        m.put("vendorOrderId", vo.id().toString());
        m.put("vendorId", vo.vendor().map(VendorId::toString).orElse(null));
        m.put("status", vo.status().wire());
        m.put("subtotal", vo.subtotal());
        m.put("discount", vo.discount());
        m.put("shipping", vo.shipping());
        m.put("commission", vo.commission());
        m.put("vendorNet", vo.vendorNet());
        return m;
    }

    static Map<String, Object> commission(VendorOrder vo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", vo.orderId());
        m.put("vendorOrderId", vo.id().toString());
        m.put("vendorId", vo.vendor().map(VendorId::toString).orElse(null));
        m.put("commission", vo.commission());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (OrderLine l : vo.lines()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("lineId", l.lineId());
            x.put("basis", l.basis());
            x.put("rule", l.ruleTier().map(Enum::name).orElse(null));
            l.terms().ifPresent(t -> {
                x.put("rateBps", t.rateBps());
                x.put("flat", t.flat());
                x.put("min", t.min().isPresent() ? t.min().getAsLong() : null);
                x.put("max", t.max().isPresent() ? t.max().getAsLong() : null);
            });
            x.put("commission", l.commission());
            lines.add(x);
        }
        m.put("lines", lines);
        return m;
    }
}
