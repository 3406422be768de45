package org.cityos.core.identity;

import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One issuer's signing keys: the source chain {@link JWKSourceBuilder} assembles (cache,
 * refresh-ahead, rate limit, outage tolerance) over the issuer's JWKS URL, read with the injected
 * clock instead of the system time Nimbus's own front uses, and with unknown key ids allowed to
 * cause at most one fetch per refetch interval, however many arrive.
 */
final class KeySource implements JWKSource<SecurityContext>, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(KeySource.class);

    private final JWKSetSource<SecurityContext> chain;
    private final Clock clock;
    private final long refetchMillis;
    private final AtomicLong lastRefetch = new AtomicLong();
    private volatile boolean refetched;

    KeySource(Issuer issuer, URL jwks, ResourceRetriever retriever, Clock clock) {
        JWKSource<SecurityContext> built = JWKSourceBuilder.<SecurityContext>create(jwks, retriever)
                .cache(issuer.cacheTtl().toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                .refreshAheadCache(issuer.refreshAhead().toMillis(), false)
                .rateLimited(issuer.refetchInterval().toMillis())
                .outageTolerant(issuer.outageTolerance().toMillis())
                .retrying(false)
                .build();
        this.chain = ((JWKSetBasedJWKSource<SecurityContext>) built).getJWKSetSource();
        this.clock = clock;
        this.refetchMillis = issuer.refetchInterval().toMillis();
    }

    static URL url(java.net.URI uri) {
        try {
            return uri.toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + uri, e);
        }
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        long now = clock.millis();
        JWKSet keys = chain.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
        List<JWK> found = selector.select(keys);
        if (!found.isEmpty() || !mayRefetch(now)) {
            return found;
        }
        try {
            return selector.select(chain.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(keys), now, context));
        } catch (RateLimitReachedException e) {
            LOG.debug("JWKS refetch for an unknown key id refused by the rate limit");
            return List.of();
        }
    }

    /** Whether an unknown key id may cause a fetch now: once per refetch interval. */
    private boolean mayRefetch(long now) {
        synchronized (lastRefetch) {
            if (refetched && now - lastRefetch.get() < refetchMillis) {
                return false;
            }
            refetched = true;
            lastRefetch.set(now);
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        chain.close();
    }
}
