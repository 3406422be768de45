package org.cityos.sync.webhook;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.cityos.core.CityOsException;
import org.cityos.core.webhook.WebhookSecret;

/**
 * A sender of inbound webhooks: its name, how its signatures are checked (Standard Webhooks,
 * Stripe or GitHub style, or a hex HMAC-SHA256 of the body in a header such as Fleetbase's
 * {@code Signature}, with its secrets) and the handlers per event type ({@code *} for any).
 * Built with {@link #standard}, {@link #stripe}, {@link #github}, {@link #hmacSha256Hex} or
 * {@link #fleetbase} and {@link #on}.
 */
public final class InboundSource {
    /** The signature schemes an inbound source may use. */
    public enum Scheme { STANDARD_WEBHOOKS, STRIPE, GITHUB, HMAC_SHA256_HEX }

    private final String name;
    private final Scheme scheme;
    private final List<WebhookSecret> standardSecrets;
    private final String plainSecret;
    private final Map<String, InboundHandler> handlers;
    private final HmacLayout hmac;

    /** Where a hex HMAC sender puts the signature, the event id and the event type. */
    record HmacLayout(String signatureHeader, String idField, String typeField) {
    }

    private InboundSource(String name, Scheme scheme, List<WebhookSecret> standardSecrets, String plainSecret,
                          Map<String, InboundHandler> handlers) {
        this(name, scheme, standardSecrets, plainSecret, handlers, null);
    }

    private InboundSource(String name, Scheme scheme, List<WebhookSecret> standardSecrets, String plainSecret,
                          Map<String, InboundHandler> handlers, HmacLayout hmac) {
        if (name == null || !name.matches("[a-z][a-z0-9_-]{0,62}")) {
            throw CityOsException.invalid("inbound source name", name, "must be lower case, at most 63 characters");
        }
        this.name = name;
        this.scheme = scheme;
        this.standardSecrets = standardSecrets;
        this.plainSecret = plainSecret;
        this.handlers = Map.copyOf(handlers);
        this.hmac = hmac;
    }

    /** A Standard Webhooks sender; several secrets are accepted during a rotation. */
    public static InboundSource standard(String name, List<WebhookSecret> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw CityOsException.invalid("secrets of " + name, secrets, "must hold at least one secret");
        }
        return new InboundSource(name, Scheme.STANDARD_WEBHOOKS, List.copyOf(secrets), null, Map.of());
    }

    /** Stripe, with the endpoint's signing secret ({@code whsec_...} as Stripe shows it). */
    public static InboundSource stripe(String name, String signingSecret) {
        return new InboundSource(name, Scheme.STRIPE, List.of(), Objects.requireNonNull(signingSecret, "secret"), Map.of());
    }

    /** A GitHub-style sender ({@code X-Hub-Signature-256}, {@code X-GitHub-Delivery}, {@code X-GitHub-Event}). */
    public static InboundSource github(String name, String secret) {
        return new InboundSource(name, Scheme.GITHUB, List.of(), Objects.requireNonNull(secret, "secret"), Map.of());
    }

    /**
     * A sender that signs the raw body with HMAC-SHA256 and sends the lower-case hex digest in
     * {@code signatureHeader}; the body is a JSON object whose {@code idField} is the event id
     * (deduplicated) and {@code typeField} the event type. There is no timestamp: replays are
     * caught by the id only.
     */
    public static InboundSource hmacSha256Hex(String name, String signatureHeader, String secret, String idField,
                                              String typeField) {
        return new InboundSource(name, Scheme.HMAC_SHA256_HEX, List.of(), Objects.requireNonNull(secret, "secret"),
                Map.of(), new HmacLayout(Objects.requireNonNull(signatureHeader, "signatureHeader"),
                Objects.requireNonNull(idField, "idField"), Objects.requireNonNull(typeField, "typeField")));
    }

    /**
     * Fleetbase's webhooks: {@code Signature} is the hex HMAC-SHA256 of the body with the API
     * secret; {@code id} is the event id ({@code event_...}) and {@code event} its type.
     */
    public static InboundSource fleetbase(String name, String apiSecret) {
        return hmacSha256Hex(name, "Signature", apiSecret, "id", "event");
    }

    /** This source with {@code handler} for events of {@code eventType} ({@code *} for any other). */
    public InboundSource on(String eventType, InboundHandler handler) {
        Map<String, InboundHandler> m = new HashMap<>(handlers);
        if (m.put(Objects.requireNonNull(eventType, "event type"), Objects.requireNonNull(handler, "handler")) != null) {
            throw CityOsException.conflict("inbound source " + name + " has a handler for " + eventType + " already");
        }
        return new InboundSource(name, scheme, standardSecrets, plainSecret, m, hmac);
    }

    public String name() {
        return name;
    }

    public Scheme scheme() {
        return scheme;
    }

    List<WebhookSecret> standardSecrets() {
        return standardSecrets;
    }

    String plainSecret() {
        return plainSecret;
    }

    HmacLayout hmac() {
        return hmac;
    }

    Optional<InboundHandler> handler(String eventType) {
        return Optional.ofNullable(handlers.getOrDefault(eventType, handlers.get("*")));
    }

    @Override
    public String toString() {
        return "InboundSource[" + name + " " + scheme + " " + handlers.keySet() + "]";
    }
}
