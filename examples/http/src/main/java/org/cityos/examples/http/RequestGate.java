package org.cityos.examples.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Principal;
import org.cityos.core.TenantContext;
import org.cityos.core.identity.authz.Authorizer;
import org.cityos.core.identity.authz.Resource;
import org.cityos.core.resolution.RequestView;
import org.cityos.core.resolution.Resolution;
import org.cityos.core.resolution.TenantResolver;

/**
 * What every request goes through before a library call: its view for tenant resolution, the
 * tenant, the caller (a bearer JWT or an API key), and the authorizer's decision on what it
 * asks. The result is the {@link TenantContext} the library's services take; nothing is kept in
 * thread-locals.
 */
public final class RequestGate {
    /** The role that may manage tenants, the platform's own operators. */
    public static final String PLATFORM_ADMIN = "platform_admin";
    private static final String REQUEST_ID = "X-Request-Id";
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final TenantResolver resolver;
    private final BearerTokens tokens;
    private final Authorizer authz;

    /** {@code tokens} must be the resolver's token lookup too: every token is then verified through it, once. */
    RequestGate(TenantResolver resolver, BearerTokens tokens, Authorizer authz) {
        this.resolver = resolver;
        this.tokens = tokens;
        this.authz = authz;
    }

    /**
     * The request as tenant resolution sees it: the peer's address, the Host header and every
     * header with all its values (so a header sent twice with different values is caught).
     */
    static RequestView view(Context ctx) {
        HttpServletRequest req = ctx.req();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(req.getHeaders(name))));
        }
        return RequestView.of(req.getRemoteAddr(), req.getHeader("Host"), headers);
    }

    /**
     * Gives the request its id before anything else runs: the caller's {@code X-Request-Id} when it
     * is short and plain, else a new one; echoed in the answer, refusals included, and written to
     * the audit log with every change the request makes.
     */
    static void assignRequestId(Context ctx) {
        String sent = ctx.header(REQUEST_ID);
        String id = sent != null && SAFE_REQUEST_ID.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
        ctx.header(REQUEST_ID, id);
        ctx.attribute(REQUEST_ID, id);
    }

    static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID);
        return id != null ? id : UUID.randomUUID().toString();
    }

    /**
     * The tenant the request is for and the authenticated caller acting in it. Raises
     * {@code unknown_tenant}, {@code forbidden} (signals disagree, tenant suspended),
     * {@code unauthenticated} (a bad or missing credential) or {@code invalid_argument}.
     */
    TenantContext tenant(Context ctx) {
        // all signals (host, API key, the token's tenant claim) must agree; the resolver checks the one
        // credential first (a bad key or token fails before anything is looked up), the token through
        // BearerTokens, once, and hands on its principal: the caller
        Resolution r = resolver.resolve(view(ctx));
        Principal who = r.principal().orElseThrow(() -> new CityOsException(ErrorCode.UNAUTHENTICATED,
                "no credentials: send Authorization: Bearer <token> or X-Api-Key"));
        return r.context(who).withRequestId(requestId(ctx));
    }

    /**
     * The tenant the request is for, acting as {@code system} (inbound webhooks: the sender's
     * signature, checked later, is its credential).
     */
    TenantContext tenantAsSystem(Context ctx, String system) {
        return resolver.resolve(view(ctx)).context(Principal.system(system)).withRequestId(requestId(ctx));
    }

    /** A platform operator's request (no tenant): a bearer token with role {@value #PLATFORM_ADMIN}. */
    Principal platformAdmin(Context ctx) {
        RequestView view = view(ctx);
        if (view.header(TenantResolver.DEFAULT_API_KEY_HEADER).isPresent()) {
            throw new CityOsException(ErrorCode.FORBIDDEN, "API keys belong to one tenant: platform endpoints take a "
                    + "platform operator's bearer token");
        }
        Principal who = tokens.verify(bearer(view).orElseThrow(() -> new CityOsException(ErrorCode.UNAUTHENTICATED,
                "no credentials: send Authorization: Bearer <token>")));
        if (!who.hasRole(PLATFORM_ADMIN)) {
            throw new CityOsException(ErrorCode.FORBIDDEN, who.actor() + " is not a " + PLATFORM_ADMIN);
        }
        return who;
    }

    /** Raises {@code forbidden} unless the authorizer allows the caller {@code action} on {@code resource}. */
    void require(TenantContext ctx, Resource resource, String action) {
        authz.require(ctx.principal(), resource, action);
    }

    private static Optional<String> bearer(RequestView view) {
        return view.header("Authorization").map(String::strip)
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).strip());
    }
}
