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

    Uni<Void> firstSight(String scope, String signature, Duration remember) {
        String key = "omnihub:replay:" + scope + ":" + sha256(signature);
        return redis.execute("SET", key, "1", "NX", "EX", Long.toString(remember.toSeconds()))
                .map(set -> set != null)
                // Redis unreachable: let it through, idempotency keeps a replay from storing anything
                .onFailure().recoverWithItem(true)
                .chain(first -> first ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(ProblemException.conflict("replayed",
                                "This signed request was already received")));
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
