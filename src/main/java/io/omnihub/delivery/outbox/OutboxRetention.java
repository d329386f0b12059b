package io.omnihub.delivery.outbox;

import java.time.Clock;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.RetentionSweep;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Published outbox entries go {@code omnihub.outbox.published-retention} after they went out; pending and dead stay. */
@ApplicationScoped
public class OutboxRetention implements RetentionSweep {

    private static final String DELETE = "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
            + " WHERE published_at < $1 LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED)";

    private final Pool db;
    private final OutboxConfig config;
    private final Clock clock;

    OutboxRetention(Pool db, OutboxConfig config, Clock clock) {
        this.db = db;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String what() {
        return "published outbox entries deleted";
    }

    @Override
    public Uni<Integer> sweep() {
        return RetentionSweep.batches(db, DELETE,
                Tuple.of(clock.instant().minus(config.publishedRetention()).atOffset(ZoneOffset.UTC)));
    }
}
