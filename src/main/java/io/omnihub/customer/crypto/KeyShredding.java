package io.omnihub.customer.crypto;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.omnihub.consent.PolicyCache;
import io.omnihub.platform.RedisGuard;
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
    private static final long RETRY_FOR = Duration.ofHours(1).toMillis();

    private final RedisGuard redis;
    private final PersonalDataCipher cipher;
    private final PolicyCache policies;

    public KeyShredding(RedisGuard redis, PersonalDataCipher cipher,
            PolicyCache policies) {
        this.redis = redis;
        this.cipher = cipher;
        this.policies = policies;
    }

    void subscribe(@Observes StartupEvent event) {
        redis.listen(CHANNEL, id -> cipher.forget(UUID.fromString(id)), "Key destruction");
    }

    /**
     * Forgets the keys here and the customers' cached policies, and tells the other replicas to forget the keys. If
     * Redis cannot take the notice now, it is sent again in the background until it can (a replica holds a key only
     * in memory, never beyond a restart).
     */
    public Uni<Void> forget(List<UUID> customers) {
        customers.forEach(cipher::forget);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : customers) {
            chain = chain.chain(() -> policies.invalidate(id)).invoke(() -> tellOthers(id));
        }
        return chain;
    }

    private void tellOthers(UUID customer) {
        redis.execute("PUBLISH", CHANNEL, customer.toString())
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).expireIn(RETRY_FOR)
                .subscribe().with(ignored -> {
                }, e -> LOG.errorf("Replicas not told to forget an erased customer's key: %s", e.getMessage()));
    }
}
