package io.omnihub.console;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.LiveNotices;
import io.omnihub.platform.LiveNotices.Notice;
import io.omnihub.platform.RedisGuard;
import io.omnihub.security.Caller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * This replica's one subscription to the Redis channel every replica's relay announces on, shared by all the
 * operators connected here. Each operator receives only notices about their teams.
 */
@ApplicationScoped
public class LiveFeed {

    private static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final Multi<Notice> notices;
    private final RedisGuard guard;

    public LiveFeed(RedisGuard guard, LiveNotices live) {
        this.guard = guard;
        BroadcastProcessor<Notice> received = BroadcastProcessor.create();
        // made once and kept, even while no operator is connected (subscribing and unsubscribing with every page an
        // operator opens and leaves churned Redis connections until commands timed out), and made again whenever it
        // dies (LiveFeedTest); it hands over one message at a time, as the processor needs
        guard.listen(LiveNotices.CHANNEL, message -> live.read(message).forEach(received::onNext), "Live notices");
        this.notices = received;
    }

    /**
     * The notices this caller may see, with a heartbeat that keeps proxies from closing an idle stream and says
     * whether notices flow ({@code live}) or are paused because Redis is unavailable ({@code degraded}).
     */
    public Multi<Notice> forCaller(Caller caller) {
        // a connection that stops reading drops notices rather than fail or hold back the others': they are hints
        Multi<Notice> mine = notices.onOverflow().drop()
                .filter(n -> caller.seesAllTeams() || n.teams().stream().anyMatch(caller::sees));
        Multi<Notice> heartbeat = Multi.createFrom().ticks().every(HEARTBEAT).onOverflow().drop()
                .map(tick -> new Notice("heartbeat", null, null, null, guard.available() ? "live" : "degraded",
                        java.util.List.of()));
        return Multi.createBy().merging().streams(mine, heartbeat);
    }
}
