package io.omnihub.platform;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A feature's retention: what of its tables is due for deletion or depersonalisation, taken a batch at a time, each
 * batch its own short transaction whose rows are claimed with {@code FOR UPDATE SKIP LOCKED}. Replicas sweeping at
 * once share the work and never take a row twice; a sweep never holds many locks for long. {@link RetentionSweeps}
 * runs every one on a schedule.
 */
public interface RetentionSweep {

    /** Rows per batch: a feature's statement takes at most this many. */
    int BATCH = 500;

    /** What it sweeps, for the log: "closed requests depersonalised". */
    String what();

    /** Sweeps everything due now; answers how many rows it took. */
    Uni<Integer> sweep();

    /** Runs {@code sql} (taking at most {@link #BATCH} rows) in its own transaction until a run takes fewer. */
    static Uni<Integer> batches(Pool db, String sql, Tuple args) {
        return untilDone(() -> db.withTransaction(c -> c.preparedQuery(sql).execute(args)).map(r -> r.rowCount()), 0);
    }

    private static Uni<Integer> untilDone(Supplier<Uni<Integer>> batch, int sofar) {
        return batch.get().chain(n -> n < BATCH ? Uni.createFrom().item(sofar + n) : untilDone(batch, sofar + n));
    }
}
