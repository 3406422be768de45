package org.cityos.core.identity;

import java.text.ParseException;
import java.util.Locale;
import java.util.Set;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;

/**
 * The cheap checks made before any key is looked up or any signature computed: size, three
 * base64url segments, a JWS header with an accepted algorithm, a non-empty signature. Tokens that
 * fail are refused without parsing the payload, so malformed input costs next to nothing.
 */
final class TokenShape {
    private TokenShape() {
    }

    /** The parsed token and the issuer it claims (not yet verified). */
    record Parsed(SignedJWT jwt, String issuer) {
    }

    static Parsed parse(String token, int maxLength, Set<String> algorithms) {
        if (token == null || token.isBlank()) {
            throw JwtVerifier.reject("no token was given");
        }
        if (token.length() > maxLength) {
            throw JwtVerifier.reject("the token is longer than " + maxLength + " characters");
        }
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw JwtVerifier.reject("the token is not base64url: it contains a character outside its alphabet");
            }
        }
        if (dots == 4) {
            throw JwtVerifier.reject("encrypted tokens (JWE) are not accepted");
        }
        if (dots != 2) {
            throw JwtVerifier.reject("the token is not a compact JWS (three dot-separated parts)");
        }
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        if (first == 0 || second == first + 1) {
            throw JwtVerifier.reject("the token has an empty header or payload");
        }
        Header header;
        try {
            header = Header.parse(new Base64URL(token.substring(0, first)));
        } catch (ParseException e) {
            throw JwtVerifier.reject("the token header is not a valid JOSE header");
        }
        if (header instanceof PlainHeader) {
            throw JwtVerifier.reject("unsigned tokens (alg none) are not accepted");
        }
        if (header instanceof JWEHeader) {
            throw JwtVerifier.reject("encrypted tokens (JWE) are not accepted");
        }
        if (!(header instanceof JWSHeader jws)) {
            throw JwtVerifier.reject("the token header is not a JWS header");
        }
        String alg = jws.getAlgorithm().getName();
        if (alg.toUpperCase(Locale.ROOT).startsWith("HS")) {
            throw JwtVerifier.reject("HMAC-signed tokens (" + alg + ") are not accepted");
        }
        if (!algorithms.contains(alg)) {
            throw JwtVerifier.reject("algorithm " + org.cityos.core.Values.quote(alg) + " is not accepted");
        }
        if (second == token.length() - 1) {
            throw JwtVerifier.reject("the token has no signature");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            String issuer = jwt.getJWTClaimsSet().getIssuer();
            if (issuer == null || issuer.isBlank()) {
                throw JwtVerifier.reject("the token has no iss claim");
            }
            return new Parsed(jwt, issuer);
        } catch (ParseException e) {
            throw JwtVerifier.reject("the token payload is not a JSON object");
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw JwtVerifier.reject("the token payload is not a JSON object");
        }
    }
}
