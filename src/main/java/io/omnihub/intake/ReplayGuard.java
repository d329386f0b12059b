package io.omnihub.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.ProblemException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Refuses a signed webhook whose exact signature was already seen: a captured request sent again. A sender's own
 * retry is signed anew and is answered by idempotency instead. If Redis has forgotten, idempotency still makes the
 * replay harmless.
 */
@ApplicationScoped
class ReplayGuard {

    private final ReactiveRedisDataSource redis;

    ReplayGuard(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** 409 when this exact signature was already processed. */
    Uni<Void> notSeen(String scope, String signature) {
        return redis.execute("EXISTS", key(scope, signature))
                .map(r -> r != null && r.toLong() > 0)
                // Redis unreachable: let it through, idempotency keeps a replay from storing anything
                .onFailure().recoverWithItem(false)
                .chain(seen -> !seen ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(ProblemException.conflict("replayed",
                                "This signed request was already received")));
    }

    /**
     * Remembers a signature once its request was processed: a sender's retry after a failure (same signature, for
     * SMS gateways) is still processed, while a replay of a processed request is refused.
     */
    Uni<Void> remember(String scope, String signature, Duration remember) {
        return redis.execute("SET", key(scope, signature), "1", "EX", Long.toString(remember.toSeconds()))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private static String key(String scope, String signature) {
        return "omnihub:replay:" + scope + ":" + sha256(signature);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
