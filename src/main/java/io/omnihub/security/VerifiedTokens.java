package io.omnihub.security;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Operators' tokens (bearer and console session alike) verified once and then reused, for {@link #REUSE} at most and
 * never past their {@code exp}: checking a token's RSA signature and parsing its claims was 7.8% of Omnihub's CPU
 * samples in the replies' flight recording of 7 December, for the same token on every call an operator makes. A
 * reused token is the very string verified before (the cache's key is the whole token, signature included), so a
 * token changed in any byte is verified afresh; a token that failed is never kept. A reuse adds at most
 * {@link #REUSE} to the time a key withdrawn from the identity provider's key set keeps its tokens valid (SmallRye
 * reads a key set again every {@code smallrye.jwt.jwks.refresh-interval}). A greatest token age, if configured
 * ({@code mp.jwt.verify.token.age}), ends a reuse as it would end a verification. SmallRye JWT's own parser does the
 * verifying; every other use of the parser (other keys, other settings) goes to it untouched.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    static final Duration REUSE = Duration.ofSeconds(60);
    static final int MAX = 4_096;

    private final JWTParser verifier;
    private final Clock clock;
    private final Optional<Long> maxAge;
    private final Cache<String, Verified> verified;

    @Inject
    VerifiedTokens(DefaultJWTParser verifier, Clock clock,
            @ConfigProperty(name = "mp.jwt.verify.token.age") Optional<Long> maxAge) {
        this((JWTParser) verifier, clock, maxAge);
    }

    VerifiedTokens(JWTParser verifier, Clock clock, Optional<Long> maxAge) {
        this.verifier = verifier;
        this.clock = clock;
        this.maxAge = maxAge;
        // eviction only frees memory: each entry carries its own end of reuse, read on the application's clock
        this.verified = Caffeine.newBuilder()
                .expireAfterWrite(REUSE)
                .maximumSize(MAX)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        Verified hit = verified.getIfPresent(token);
        long now = clock.millis();
        if (hit != null && now < hit.until()) {
            return hit.jwt();
        }
        JsonWebToken jwt = verifier.parse(token);
        long until = Math.min(now + REUSE.toMillis(), millis(jwt.getExpirationTime()));
        if (maxAge.isPresent()) {
            until = Math.min(until, millis(saturated(jwt.getIssuedAtTime(), maxAge.get())));
        }
        if (jwt.getExpirationTime() > 0 && now < until) {
            verified.put(token, new Verified(jwt, until));
        }
        return jwt;
    }

    /** Claims are seconds since the epoch, and any value the identity provider signed must bound, not overflow. */
    private static long millis(long seconds) {
        return seconds > Long.MAX_VALUE / 1_000 ? Long.MAX_VALUE : seconds * 1_000;
    }

    private static long saturated(long seconds, long more) {
        return seconds > Long.MAX_VALUE - more ? Long.MAX_VALUE : seconds + more;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, java.security.PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }

    private record Verified(JsonWebToken jwt, long until) {
    }
}
