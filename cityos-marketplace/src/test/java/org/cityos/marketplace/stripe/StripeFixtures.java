package org.cityos.marketplace.stripe;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Stripe's own example objects (a subset of {@code shared/fixtures/stripe/fixtures3.json}, in
 * test resources) as mutable JSON, the error envelope, and webhook signing, for WireMock stubs.
 */
final class StripeFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectNode RESOURCES;

    static {
        try (InputStream in = StripeFixtures.class.getResourceAsStream("/stripe/fixtures.json")) {
            RESOURCES = (ObjectNode) JSON.readTree(in).get("resources");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private StripeFixtures() {
    }

    /** A fresh copy of Stripe's example object of {@code type} (account, transfer, ...). */
    static ObjectNode object(String type) {
        return RESOURCES.get(type).deepCopy();
    }

    /** Stripe's error envelope. */
    static String error(String type, String code, String message, String param) {
        ObjectNode e = JSON.createObjectNode();
        ObjectNode inner = e.putObject("error");
        inner.put("type", type);
        if (code != null) {
            inner.put("code", code);
        }
        inner.put("message", message);
        if (param != null) {
            inner.put("param", param);
        }
        return e.toString();
    }

    /** An account that meets every condition for {@code active}. */
    static ObjectNode activeAccount(String id, String tenant, String vendor) {
        ObjectNode a = object("account");
        a.put("id", id);
        a.put("type", "express");
        a.put("details_submitted", true);
        a.put("charges_enabled", true);
        a.put("payouts_enabled", true);
        ObjectNode req = (ObjectNode) a.get("requirements");
        req.putArray("currently_due");
        req.putArray("eventually_due");
        req.putArray("past_due");
        req.putArray("pending_verification");
        req.putNull("disabled_reason");
        ObjectNode meta = a.putObject("metadata");
        if (tenant != null) {
            meta.put("cityos_tenant", tenant);
            meta.put("cityos_vendor", vendor);
        }
        return a;
    }

    /** An {@code account.updated} event around {@code account}, from Stripe's example event. */
    static String accountUpdated(ObjectNode account) {
        ObjectNode e = object("event");
        e.put("type", "account.updated");
        e.put("id", "evt_" + account.get("id").asText());
        e.put("api_version", com.stripe.Stripe.API_VERSION);
        ((ObjectNode) e.get("data")).set("object", account);
        return e.toString();
    }

    /** A {@code Stripe-Signature} header for {@code payload}, as Stripe computes it. */
    static String sign(String payload, String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : sig) {
                hex.append(String.format("%02x", b));
            }
            return "t=" + timestamp + ",v1=" + hex;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A form-encoded request body as a map (Stripe's {@code metadata[k]} keys kept as they are). */
    static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return m;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }
}
