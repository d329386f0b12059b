package io.omnihub.consent;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.omnihub.platform.Json;
import io.omnihub.platform.RedisGuard;
import io.omnihub.routing.CustomerPolicy;
import io.omnihub.routing.QuietHours;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Two levels of cache for customers' policies: this replica's memory, then Redis. Every write invalidates both, and
 * tells every other replica through Redis pub/sub, so the send path sees a change at once. PostgreSQL is the source
 * of truth, and consent is checked again from it just before every send.
 * <p>
 * Redis may miss an invalidation: it was down, or paused while a stale write waited in its socket. So cached
 * policies live under an <em>epoch</em> ({@code omnihub:policy:<epoch>:<customer>}). A replica that could not
 * invalidate, or that saw Redis come back after an outage, moves every replica to a new epoch, which orphans every
 * entry written before; replicas learn of it by pub/sub and by re-reading the epoch every few seconds. While Redis
 * is unavailable, or the epoch is unknown, neither level is trusted and policies are read from PostgreSQL.
 */
@ApplicationScoped
@RegisterForReflection(targets = { CustomerPolicy.class, QuietHours.class }) // written to and read from Redis as JSON
public class PolicyCache {

    private static final Logger LOG = Logger.getLogger(PolicyCache.class);
    static final String INVALIDATIONS = "omnihub:policy-invalidations";
    private static final String EPOCH = "omnihub:policy-epoch";
    private static final String EPOCH_NOTICE = "epoch:";
    private static final long REDIS_TTL_SECONDS = 3600;
    private static final int STRIPES = 4096;

    private final RedisGuard redis;
    private final Json json;
    private final LocalPolicies local;
    /**
     * Bumped by every invalidation: a policy loaded before one must not be cached after it. Striped, so memory stays
     * fixed however many customers change: an invalidation of another customer on the same stripe only skips a put.
     */
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
    /** The current epoch; negative while unknown. */
    private volatile long epoch = -1;
    private final AtomicBoolean moving = new AtomicBoolean();

    public PolicyCache(RedisGuard redis, Json json, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.local = new LocalPolicies(clock);
    }

    void subscribe(@Observes StartupEvent event) {
        redis.onRecovery(this::newEpoch);
        learnEpoch();
        redis.listen(INVALIDATIONS, this::heard, "Policy invalidation");
    }

    /** The cached policy, or null. */
    Uni<CustomerPolicy> get(UUID customerId) {
        long current = epoch;
        if (current < 0 || !redis.available()) {
            return Uni.createFrom().nullItem();
        }
        CustomerPolicy hit = local.get(customerId, current);
        if (hit != null) {
            return Uni.createFrom().item(hit);
        }
        return redis.execute("GET", key(current, customerId))
                // an unreadable entry fails the read here, and is a miss like any failure
                .map(r -> r == null ? null : json.read(r.toString(), CustomerPolicy.class))
                .invoke(p -> remember(customerId, current, p))
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
        long current = epoch;
        if (generation(customerId) != generation || current < 0 || !redis.available()) {
            return Uni.createFrom().voidItem();
        }
        remember(customerId, current, policy);
        return redis.execute("SET", key(current, customerId), json.write(policy), "EX",
                Long.toString(REDIS_TTL_SECONDS))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    /**
     * Forgets a customer's policy here, in Redis and on every other replica. If Redis cannot be told, every replica
     * moves to a new epoch as soon as it can.
     */
    public Uni<Void> invalidate(UUID customerId) {
        forgetLocally(customerId);
        long current = epoch;
        if (current >= 0) {
            return told(customerId, current);
        }
        if (moving.get()) {
            return Uni.createFrom().voidItem(); // the new epoch leaves every cached policy behind
        }
        // not known yet (a start's erasure replay may come before it is read): other replicas may have cached the
        // policy under the epoch Redis holds, so that one is read first
        return refreshEpoch().chain(() -> {
            long known = epoch;
            return known < 0 ? Uni.createFrom().voidItem() : told(customerId, known);
        });
    }

    private Uni<Void> told(UUID customerId, long current) {
        return redis.execute("DEL", key(current, customerId))
                .chain(() -> redis.execute("PUBLISH", INVALIDATIONS, customerId.toString()))
                .replaceWithVoid()
                // once per move: the invalidations in flight when Redis stops answering all fail together
                .onFailure().invoke(e -> {
                    if (newEpoch()) {
                        LOG.warnf("Policy invalidation through Redis failed (%s): moving to a new cache epoch",
                                e.getClass().getSimpleName());
                    } else {
                        LOG.debugf("Policy invalidation through Redis failed (%s) while moving to a new cache epoch",
                                e.getClass().getSimpleName());
                    }
                })
                .onFailure().recoverWithNull();
    }

    void forgetLocally(UUID customerId) {
        generations.incrementAndGet(stripe(customerId));
        local.forget(customerId);
    }

    /**
     * Reads the epoch at start, again after a short back-off if Redis did not answer in time: a start's first command
     * can take longer than the guard's timeout, and nothing was cached until the next refresh, seconds later.
     */
    void learnEpoch() {
        readEpoch().onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(8)
                .subscribe().with(ignored -> {
                }, e -> LOG.debugf("Policy cache epoch not read at start: %s", e.getMessage()));
    }

    /** Re-reads the epoch, the authority when notices were missed or arrived out of order. */
    @Scheduled(every = "${omnihub.consent.epoch-refresh:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshEpoch() {
        return readEpoch().onFailure().recoverWithNull();
    }

    /** Adopts the epoch Redis holds; one Redis no longer has (flushed, or a fresh Redis) starts a new one. */
    private Uni<Void> readEpoch() {
        return redis.execute("GET", EPOCH)
                .invoke(r -> {
                    if (r == null) {
                        newEpoch();
                    } else if (!moving.get()) {
                        adopt(r.toLong(), true);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Moves every replica to a new epoch; retried in the background until Redis takes it. Answers false when a move
     * was under way already.
     */
    boolean newEpoch() {
        if (!moving.compareAndSet(false, true)) {
            return false;
        }
        epoch = -1; // nothing cached is trusted until the new epoch is known
        local.clear();
        redis.execute("INCR", EPOCH)
                .invoke(r -> adopt(r.toLong(), true))
                .call(r -> redis.execute("PUBLISH", INVALIDATIONS, EPOCH_NOTICE + r.toLong()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .onTermination().invoke(() -> moving.set(false))
                .subscribe().with(ignored -> {
                }, e -> LOG.warnf("Policy cache epoch not moved: %s", e.getMessage()));
        return true;
    }

    private void heard(String message) {
        if (message.startsWith(EPOCH_NOTICE)) {
            adopt(Long.parseLong(message.substring(EPOCH_NOTICE.length())), false);
        } else {
            forgetLocally(UUID.fromString(message));
        }
    }

    /**
     * Uses {@code next} from now on: always when read from Redis itself, only forward when heard (notices may arrive
     * out of order), never while this replica's own move is under way (its INCR decides).
     */
    private synchronized void adopt(long next, boolean authoritative) {
        if (next == epoch || !authoritative && (moving.get() || next < epoch)) {
            return;
        }
        local.clear();
        epoch = next;
    }

    private void remember(UUID customerId, long inEpoch, CustomerPolicy policy) {
        if (policy == null) {
            return;
        }
        local.put(customerId, inEpoch, policy);
    }

    private static String key(long epoch, UUID customerId) {
        // "v2": policies read with their version first (PolicyService.loadAll); older entries are never trusted
        return "omnihub:policy:" + epoch + ":v2:" + customerId;
    }
}
