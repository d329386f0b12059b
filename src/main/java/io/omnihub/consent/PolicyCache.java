package io.omnihub.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.routing.CustomerPolicy;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Two levels of cache for customers' policies: this replica's memory, then Redis. Every write invalidates both,
 * and tells every other replica through Redis pub/sub, so the send path sees a change at once. Redis is never the
 * source of truth: when it is empty or down, the policy is read from PostgreSQL.
 */
@ApplicationScoped
public class PolicyCache {

    private static final Logger LOG = Logger.getLogger(PolicyCache.class);
    static final String INVALIDATIONS = "omnihub:policy-invalidations";
    private static final Duration LOCAL_TTL = Duration.ofSeconds(30);
    private static final long REDIS_TTL_SECONDS = 3600;
    private static final int LOCAL_MAX = 100_000;
    private static final int STRIPES = 4096;

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<UUID, Local> local = new ConcurrentHashMap<>();
    /**
     * Bumped by every invalidation: a policy loaded before one must not be cached after it. Striped, so memory stays
     * fixed however many customers change: an invalidation of another customer on the same stripe only skips a put.
     */
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);

    public PolicyCache(ReactiveRedisDataSource redis, ObjectMapper json, Clock clock) {
        this.clock = clock;
        this.redis = redis;
        this.json = json;
    }

    void subscribe(@Observes StartupEvent event) {
        redis.pubsub(String.class).subscribe(INVALIDATIONS)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(id -> forgetLocally(UUID.fromString(id)),
                        e -> LOG.warnf("Policy invalidation subscription ended: %s", e.getMessage()));
    }

    /** The cached policy, or null. */
    Uni<CustomerPolicy> get(UUID customerId) {
        Local hit = local.get(customerId);
        if (hit != null && hit.expires().isAfter(clock.instant())) {
            return Uni.createFrom().item(hit.policy());
        }
        return redis.execute("GET", key(customerId))
                .map(r -> r == null ? null : read(r.toString()))
                .invoke(p -> remember(customerId, p))
                .onFailure().recoverWithNull();
    }

    long generation(UUID customerId) {
        return generations.get(stripe(customerId));
    }

    private static int stripe(UUID customerId) {
        return customerId.hashCode() & (STRIPES - 1);
    }

    /** Caches a policy unless it was invalidated since {@code generation} was read. */
    Uni<Void> put(UUID customerId, long generation, CustomerPolicy policy) {
        if (generation(customerId) != generation) {
            return Uni.createFrom().voidItem();
        }
        remember(customerId, policy);
        return redis.execute("SET", key(customerId), write(policy), "EX", Long.toString(REDIS_TTL_SECONDS))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    /** Forgets a customer's policy here, in Redis and on every other replica. */
    public Uni<Void> invalidate(UUID customerId) {
        forgetLocally(customerId);
        return redis.execute("DEL", key(customerId))
                .chain(() -> redis.execute("PUBLISH", INVALIDATIONS, customerId.toString()))
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Policy invalidation through Redis failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    void forgetLocally(UUID customerId) {
        generations.incrementAndGet(stripe(customerId));
        local.remove(customerId);
    }

    private void remember(UUID customerId, CustomerPolicy policy) {
        if (policy == null) {
            return;
        }
        if (local.size() > LOCAL_MAX) {
            local.clear();
        }
        local.put(customerId, new Local(policy, clock.instant().plus(LOCAL_TTL)));
    }

    private static String key(UUID customerId) {
        return "omnihub:policy:" + customerId;
    }

    private String write(CustomerPolicy policy) {
        try {
            return json.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private CustomerPolicy read(String text) {
        try {
            return json.readValue(text, CustomerPolicy.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private record Local(CustomerPolicy policy, Instant expires) {
    }
}
