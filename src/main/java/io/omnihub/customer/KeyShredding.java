package io.omnihub.customer;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * After an erasure, every replica forgets the customer's data keys it holds in memory, and Redis forgets the
 * customer's cached policy. Told across replicas through Redis pub/sub.
 */
@ApplicationScoped
public class KeyShredding {

    private static final Logger LOG = Logger.getLogger(KeyShredding.class);
    static final String CHANNEL = "omnihub:keys-destroyed";

    private final ReactiveRedisDataSource redis;
    private final PersonalDataCipher cipher;

    public KeyShredding(ReactiveRedisDataSource redis, PersonalDataCipher cipher) {
        this.redis = redis;
        this.cipher = cipher;
    }

    void subscribe(@Observes StartupEvent event) {
        redis.pubsub(String.class).subscribe(CHANNEL)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(id -> cipher.forget(UUID.fromString(id)),
                        e -> LOG.warnf("Key destruction subscription ended: %s", e.getMessage()));
    }

    /** Forgets the keys here, tells the other replicas, and purges the customers' keys from Redis. */
    public Uni<Void> forget(List<UUID> customers) {
        customers.forEach(cipher::forget);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : customers) {
            chain = chain.chain(() -> redis.execute("DEL", "omnihub:policy:" + id))
                    .chain(() -> redis.execute("PUBLISH", CHANNEL, id.toString()))
                    .chain(() -> redis.execute("PUBLISH", "omnihub:policy-invalidations", id.toString()))
                    .replaceWithVoid()
                    .onFailure().invoke(e -> LOG.warnf("Redis purge after erasure failed: %s", e.getMessage()))
                    .onFailure().recoverWithNull();
        }
        return chain;
    }
}
