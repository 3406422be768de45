package org.cityos.sync.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cityos.core.Json;
import org.cityos.sync.engine.ConnectorCall;
import org.cityos.sync.engine.ConnectorException;

/**
 * JSON over {@code java.net.http} for the HTTP connectors (internal): one request per call after
 * the integration's rate limit, and every outcome classified into a {@link ConnectorException}:
 * network errors, timeouts, 408, 5xx and unreadable bodies are retryable (503 honours
 * {@code Retry-After}), 429 is rate-limited with its {@code Retry-After}, 401/403 unauthorized,
 * other 4xx rejected (404 is returned to the caller, which decides). Messages carry the method,
 * path and status and a short excerpt of the response, never headers or credentials.
 */
public final class HttpJson {
    private static final ObjectMapper MAPPER = Json.MAPPER;
    private final HttpClient client;
    private final Duration timeout;

    public HttpJson(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** A response: status, parsed body (null when empty) and headers' first values we care about. */
    public record Response(int status, JsonNode body, Optional<String> retryAfter) {
        public boolean notFound() {
            return status == 404;
        }
    }

    /** Builds {@code base + path + ?query} with each key and value URL-encoded. */
    public static URI uri(URI base, String path, Map<String, String> query) {
        StringBuilder b = new StringBuilder(base.toString()).append(path);
        String sep = "?";
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            b.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        return URI.create(b.toString());
    }

    /** An ordered query map. */
    public static Map<String, String> query(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A path segment, URL-encoded (spaces as %20, as path segments want). */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Sends a request with a JSON body (none when {@code body} is null); returns 2xx and 404
     * responses, raises the classified exception for everything else.
     */
    public Response send(ConnectorCall call, String method, URI uri, Map<String, String> headers, Object body) {
        call.throttle();
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).header("accept", "application/json");
        headers.forEach(req::header);
        if (body != null) {
            req.header("content-type", "application/json");
            req.method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        String what = method + " " + uri.getRawPath();
        HttpResponse<byte[]> res;
        try {
            res = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw ConnectorException.retryable(what + " timed out", null, e);
        } catch (IOException e) {
            throw ConnectorException.retryable(what + " failed: " + e.getClass().getSimpleName(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable(what + " was interrupted", null, e);
        }
        int status = res.statusCode();
        Optional<String> retryAfter = res.headers().firstValue("retry-after");
        byte[] bytes = res.body() == null ? new byte[0] : res.body();
        if (status == 429) {
            throw ConnectorException.rateLimited(what + " was rate limited (429)",
                    retryAfter.flatMap(v -> parseRetryAfter(v, call.clock())).orElse(Duration.ofSeconds(30)));
        }
        if (status >= 500 || status == 408) {
            Duration after = status == 503 ? retryAfter.flatMap(v -> parseRetryAfter(v, call.clock())).orElse(null) : null;
            throw new ConnectorException(ConnectorException.Kind.RETRYABLE, what + " answered " + status + excerpt(bytes),
                    status, after, null);
        }
        if (status == 401 || status == 403) {
            throw ConnectorException.unauthorized(what + " answered " + status, status);
        }
        if (status >= 400 && status != 404) {
            throw ConnectorException.rejected(what + " answered " + status + excerpt(bytes), status);
        }
        if (status >= 300 && status < 400) {
            throw ConnectorException.rejected(what + " answered a redirect (" + status + "), which is not followed",
                    status);
        }
        JsonNode json = null;
        if (bytes.length > 0 && status != 404) {
            try {
                json = MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw ConnectorException.retryable(what + " answered " + status + " with a body that is not JSON"
                        + excerpt(bytes), status, null);
            }
        }
        return new Response(status, json, retryAfter);
    }

    private static String excerpt(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8)
                .replaceAll("[\\p{Cntrl}]", " ");
        return ": " + s;
    }

    /** Seconds or an HTTP date, relative to {@code clock}; negative becomes zero. */
    public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException e2) {
                return Optional.empty();
            }
        }
    }
}
