package io.omnihub.console;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.omnihub.platform.LiveNotices;
import io.omnihub.platform.LiveNotices.Notice;
import io.omnihub.platform.RedisGuard;
import io.omnihub.security.Caller;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;

/**
 * This replica's one subscription to the Redis channel every replica's relay announces on, shared by all the
 * operators connected here. Each operator receives only notices about their teams.
 */
@ApplicationScoped
public class LiveFeed {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class);
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final Multi<Notice> notices;
    private final RedisGuard guard;

    public LiveFeed(ReactiveRedisDataSource redis, RedisGuard guard, LiveNotices live) {
        this.guard = guard;
        this.notices = Multi.createFrom().deferred(() -> redis.pubsub(String.class).subscribe(LiveNotices.CHANNEL))
                .onItem().transformToIterable(live::read)
                .onFailure().invoke(e -> LOG.warnf("Live notices interrupted, resubscribing: %s", e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).indefinitely()
                // kept once made, even while no operator is connected: subscribing and unsubscribing with every
                // page an operator opens and leaves churned Redis connections until commands timed out
                .broadcast().toAllSubscribers();
    }

    /**
     * The notices this caller may see, with a heartbeat that keeps proxies from closing an idle stream and says
     * whether notices flow ({@code live}) or are paused because Redis is unavailable ({@code degraded}).
     */
    public Multi<Notice> forCaller(Caller caller) {
        Multi<Notice> mine = notices.filter(n -> caller.seesAllTeams() || n.teams().stream().anyMatch(caller::sees));
        Multi<Notice> heartbeat = Multi.createFrom().ticks().every(HEARTBEAT).onOverflow().drop()
                .map(tick -> new Notice("heartbeat", null, null, null, guard.available() ? "live" : "degraded",
                        java.util.List.of()));
        return Multi.createBy().merging().streams(mine, heartbeat);
    }
}
