package io.omnihub.request;

import java.time.Clock;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.RetentionSweep;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Retention of closed requests: a request resolved or closed whose last activity is older than
 * {@code omnihub.requests.closed-retention} is depersonalised as an erasure would (message bodies, attachments,
 * subject, category, thread reference, notes emptied; a survey not sent yet is withdrawn), and the rows stay, so
 * counts do not change. Safe on several replicas and idempotent: requests are claimed with {@code SKIP LOCKED} and marked, so
 * none is taken twice.
 */
@ApplicationScoped
public class RequestRetention implements RetentionSweep {

    private static final String DEPERSONALISE = "WITH due AS (SELECT id FROM request WHERE status IN ('RESOLVED',"
            + " 'CLOSED') AND depersonalised_at IS NULL AND updated_at < $1 ORDER BY updated_at LIMIT " + BATCH
            + " FOR UPDATE SKIP LOCKED),"
            + " m AS (UPDATE message SET body_enc = '\\x'::bytea, attachments_enc = NULL, external_id = NULL,"
            + " version = version + 1 WHERE request_id IN (SELECT id FROM due)),"
            + " h AS (UPDATE request_history SET note_enc = NULL WHERE note_enc IS NOT NULL"
            + " AND request_id IN (SELECT id FROM due)),"
            + " n AS (UPDATE request_note SET body_enc = '\\x'::bytea WHERE request_id IN (SELECT id FROM due))"
            + " UPDATE request SET subject_enc = NULL, category_enc = NULL, origin_thread_enc = '\\x'::bytea,"
            + " origin_thread_hash = gen_random_uuid()::text::bytea, survey_due_at = NULL, depersonalised_at = $2,"
            + " version = version + 1"
            + " WHERE id IN (SELECT id FROM due)";

    private final Pool db;
    private final RequestConfig config;
    private final Clock clock;

    RequestRetention(Pool db, RequestConfig config, Clock clock) {
        this.db = db;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String what() {
        return "closed requests depersonalised";
    }

    @Override
    public Uni<Integer> sweep() {
        var now = clock.instant();
        return RetentionSweep.batches(db, DEPERSONALISE, Tuple.of(now.minus(config.closedRetention())
                .atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC)));
    }
}
