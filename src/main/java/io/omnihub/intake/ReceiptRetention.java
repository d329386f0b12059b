package io.omnihub.intake;

import java.time.Clock;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.RetentionSweep;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The idempotency horizon: receipts of inbound messages older than {@code omnihub.intake.receipt-retention} go. */
@ApplicationScoped
public class ReceiptRetention implements RetentionSweep {

    private static final String DELETE = "DELETE FROM inbound_receipt WHERE (channel, external_id) IN"
            + " (SELECT channel, external_id FROM inbound_receipt WHERE created_at < $1 LIMIT " + BATCH
            + " FOR UPDATE SKIP LOCKED)";

    private final Pool db;
    private final IntakeConfig config;
    private final Clock clock;

    ReceiptRetention(Pool db, IntakeConfig config, Clock clock) {
        this.db = db;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String what() {
        return "idempotency receipts past the horizon deleted";
    }

    @Override
    public Uni<Integer> sweep() {
        return RetentionSweep.batches(db, DELETE,
                Tuple.of(clock.instant().minus(config.receiptRetention()).atOffset(ZoneOffset.UTC)));
    }
}
