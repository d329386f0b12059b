package io.omnihub.security;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.ProblemException;
import io.omnihub.platform.RedisGuard;
import io.smallrye.mutiny.Uni;

/**
 * Requests per second per caller: a fixed one-second window, counted in Redis so that every replica counts together.
 * While Redis is unavailable each replica counts alone, against its share of the limit (the limit divided by
 * {@code omnihub.security.replicas}), so an outage neither lifts the limit nor refuses everyone.
 */
@ApplicationScoped
public class RateLimiter {

    private static final int LOCAL_KEYS_MAX = 50_000;

    private final RedisGuard redis;
    private final SecurityConfig config;
    private final Clock clock;
    private final Map<String, Window> local = new ConcurrentHashMap<>();

    public RateLimiter(RedisGuard redis, SecurityConfig config, Clock clock) {
        this.redis = redis;
        this.config = config;
        this.clock = clock;
    }

    /** Fails with 429 and {@code Retry-After} when {@code caller} is over {@code limit} in this second. */
    public Uni<Void> check(String caller, int limit) {
        long second = clock.instant().getEpochSecond();
        String key = "omnihub:rl:" + caller + ":" + second;
        Uni<Boolean> over = !redis.available() ? Uni.createFrom().item(() -> overLocally(caller, second, limit))
                : redis.execute("INCR", key)
                        .call(count -> count.toLong() == 1 ? redis.execute("EXPIRE", key, "2")
                                : Uni.createFrom().nullItem())
                        .map(count -> count.toLong() > limit)
                        .onFailure().recoverWithItem(() -> overLocally(caller, second, limit));
        return over.chain(tooMany -> tooMany ? Uni.createFrom().failure(refusal(limit)) : Uni.createFrom().voidItem());
    }

    /** The limit of {@link #check(String, int)} for callers without one of their own. */
    public Uni<Void> check(String caller) {
        return check(caller, config.rateLimit());
    }

    private boolean overLocally(String caller, long second, int limit) {
        if (local.size() > LOCAL_KEYS_MAX) {
            local.clear();
        }
        Window window = local.compute(caller, (k, w) -> w == null || w.second() != second
                ? new Window(second, new AtomicInteger())
                : w);
        int share = Math.max(1, limit / Math.max(1, config.replicas()));
        return window.count().incrementAndGet() > share;
    }

    static ProblemException refusal(int limit) {
        return new ProblemException(429, "rate-limited", "More than " + limit + " requests per second")
                .retryAfter(1);
    }

    private record Window(long second, AtomicInteger count) {
    }
}
