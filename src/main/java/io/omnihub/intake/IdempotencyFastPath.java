package io.omnihub.intake;

import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * The Redis fast path of idempotency: {@code SET NX} with an expiry, before the database's unique constraint is
 * consulted. Redis is never the source of truth: when it is empty or unreachable, everything goes to the database.
 */
@ApplicationScoped
class IdempotencyFastPath {

    private static final Logger LOG = Logger.getLogger(IdempotencyFastPath.class);

    enum Claim {
        /** First sight of this id (or Redis forgot it, or is down): go to the database. */
        FIRST,
        /** Seen before with the same content: most likely a duplicate. */
        SEEN_SAME,
        /** Seen before with other content: the id is being reused. */
        SEEN_DIFFERENT
    }

    private final ReactiveRedisDataSource redis;
    private final IntakeConfig config;

    IdempotencyFastPath(ReactiveRedisDataSource redis, IntakeConfig config) {
        this.redis = redis;
        this.config = config;
    }

    Uni<Claim> claim(String channel, String externalId, byte[] contentHash) {
        String key = "omnihub:idem:" + channel + ":" + externalId;
        String value = HexFormat.of().formatHex(contentHash);
        String ttl = Long.toString(config.idempotencyTtl().toSeconds());
        return redis.execute("SET", key, value, "NX", "EX", ttl)
                .chain(set -> set != null ? Uni.createFrom().item(Claim.FIRST)
                        : redis.execute("GET", key).map(seen -> seen == null || value.equals(seen.toString())
                                ? (seen == null ? Claim.FIRST : Claim.SEEN_SAME)
                                : Claim.SEEN_DIFFERENT))
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("Idempotency fast path unavailable: %s", e.getMessage());
                    return Claim.FIRST;
                });
    }
}
