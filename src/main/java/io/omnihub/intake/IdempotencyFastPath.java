package io.omnihub.intake;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.omnihub.platform.RedisGuard;
import io.smallrye.mutiny.Uni;

/**
 * The Redis fast path of idempotency: {@code SET NX} with an expiry, before the database's unique constraint is
 * consulted. Redis is never the source of truth: when it is empty or unreachable, everything goes to the database.
 */
@ApplicationScoped
class IdempotencyFastPath {

    private static final Logger LOG = Logger.getLogger(IdempotencyFastPath.class);

    private final RedisGuard redis;
    private final IntakeConfig config;

    IdempotencyFastPath(RedisGuard redis, IntakeConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** Whether this id was seen before (or Redis cannot tell): then the database decides. */
    Uni<Boolean> seenBefore(String channel, String externalId) {
        String key = key(channel, externalId);
        return redis.execute("SET", key, "1", "NX", "EX", Long.toString(config.idempotencyTtl().toSeconds()))
                .map(set -> set == null)
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("Idempotency fast path unavailable: %s", e.getMessage());
                    return false;
                });
    }

    /**
     * Forgets these ids (an erased customer's messages: the key names the message's external id). Best effort:
     * Redis away, the keys expire by themselves within the idempotency TTL.
     */
    Uni<Void> forget(List<String> channelsAndIds) {
        if (channelsAndIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return redis.execute("DEL", channelsAndIds.toArray(String[]::new)).replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("Idempotency keys of an erased customer not purged now (they expire): %s",
                            e.getMessage());
                    return null;
                });
    }

    static String key(String channel, String externalId) {
        return "omnihub:idem:" + channel + ":" + externalId;
    }
}
