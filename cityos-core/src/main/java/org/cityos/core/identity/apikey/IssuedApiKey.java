package org.cityos.core.identity.apikey;

/**
 * A key just issued, with its secret: the only time the secret exists outside the caller's hands.
 * {@link #toString()} leaves the secret out, so it cannot reach a log by accident.
 */
public record IssuedApiKey(ApiKey key, String secret) {
    @Override
    public String toString() {
        return "IssuedApiKey[" + key.prefix() + "..., id=" + key.id() + "]";
    }
}
