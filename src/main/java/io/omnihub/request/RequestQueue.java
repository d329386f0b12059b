package io.omnihub.request;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The requests operators have to act on, longest waiting first, read with the Vert.x client in one statement each
 * (the console's queue refreshes live). The requests of an erased customer are left out: erasure empties their
 * thread reference.
 */
@ApplicationScoped
public class RequestQueue {

    /**
     * The statement of {@link #waiting}: the waiting statuses are a few rows of the index by status, whatever the
     * history ({@code RequestQueuePlanTest}).
     */
    static final String WAITING = "SELECT id, customer_id, status, origin_channel, team, subject_enc, last_inbound_at,"
            + " assignee, ARRAY(SELECT l.label FROM request_label l WHERE l.request_id = r.id ORDER BY l.label),"
            + " CASE WHEN first_response_at IS NULL THEN first_response_due ELSE resolution_due END AS due,"
            + " first_response_breached_at IS NOT NULL OR resolution_breached_at IS NOT NULL"
            + " FROM request r WHERE status = ANY($1) AND ($2::text IS NULL OR origin_channel = $2)"
            + " AND last_inbound_at <= $3 AND ($4::text[] IS NULL OR team = ANY($4))"
            + " AND ($6::text IS NULL OR ($6 = '' AND assignee IS NULL) OR assignee = $6)"
            + " AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM request_label l WHERE l.request_id = r.id"
            + " AND l.label = $7))"
            + " AND length(origin_thread_enc) > 0 ORDER BY due NULLS LAST, last_inbound_at, id LIMIT $5";

    private final Pool db;

    public RequestQueue(Pool db) {
        this.db = db;
    }

    /**
     * One request of the queue; its subject still sealed.
     *
     * @param subjectSealed the sealed subject, or null
     */
    public record Waiting(UUID id, UUID customerId, String status, String channel, String team, byte[] subjectSealed,
            Instant lastInboundAt, String assignee, List<String> labels, Instant due, boolean breached) {
    }

    /**
     * Requests in these statuses whose customer last wrote no later than {@code waitedSince}, in these teams (null
     * for all), on this channel (null for all), owned by this operator (null for anyone, empty for nobody), with this
     * label (null for any): the nearest deadline first (the first response's until it is given, then the
     * resolution's), then those without one, longest waiting first.
     */
    public Uni<List<Waiting>> waiting(List<String> statuses, String channel, Instant waitedSince, List<String> teams,
            String assignee, String label, int limit) {
        return db.preparedQuery(WAITING)
                .execute(Tuple.tuple()
                        .addArrayOfString(statuses.toArray(String[]::new))
                        .addString(channel)
                        .addOffsetDateTime(waitedSince.atOffset(ZoneOffset.UTC))
                        .addArrayOfString(teams == null ? null : teams.toArray(String[]::new))
                        .addInteger(limit)
                        .addString(assignee)
                        .addString(label))
                .map(rows -> {
                    List<Waiting> found = new ArrayList<>();
                    rows.forEach(r -> found.add(waiting(r)));
                    return found;
                });
    }

    /** How many requests are in these statuses, in these teams (null for all). */
    public Uni<Long> count(List<String> statuses, List<String> teams) {
        return db.preparedQuery("SELECT count(*) FROM request WHERE status = ANY($1)"
                + " AND ($2::text[] IS NULL OR team = ANY($2))")
                .execute(Tuple.tuple().addArrayOfString(statuses.toArray(String[]::new))
                        .addArrayOfString(teams == null ? null : teams.toArray(String[]::new)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Waiting waiting(Row r) {
        var subject = r.getBuffer(5);
        return new Waiting(r.getUUID(0), r.getUUID(1), r.getString(2), r.getString(3), r.getString(4),
                subject == null ? null : subject.getBytes(), r.getOffsetDateTime(6).toInstant(), r.getString(7),
                List.of(r.getArrayOfStrings(8)), r.getOffsetDateTime(9) == null ? null : r.getOffsetDateTime(9).toInstant(),
                r.getBoolean(10));
    }
}
