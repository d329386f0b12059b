package io.omnihub.request;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;

import io.omnihub.platform.Json;
import io.omnihub.platform.SessionSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Writes a request that a message opens together with its first messages, with one statement (a data-modifying
 * {@code WITH}; the messages' foreign key is checked at the statement's end, when the request is there), which reads
 * the customer's earlier requests too (the new one is not in its snapshot). Persisting
 * them as entities took an INSERT for the request and one for its messages. The request is then not in the caller's
 * session: what changes it later in the transaction (a hand-off) needs it persisted as an entity instead. A message
 * that continues a request is written the same way, with the request's update ({@link #continued}).
 */
@ApplicationScoped
@WithSession
class NewRequests {

    static final String INSERT = """
            WITH q AS (SELECT * FROM jsonb_to_record(CAST(CAST(?1 AS text) AS jsonb)) AS q(id uuid, customer_id uuid,
                       origin_channel text, origin_thread_hash text, origin_thread_enc text, status text, team text,
                       subject_enc text, category_enc text, created_at timestamptz, updated_at timestamptz,
                       last_inbound_at timestamptz, handed_off_at timestamptz, first_response_due timestamptz,
                       resolution_due timestamptz)),
                 r AS (INSERT INTO request (id, version, customer_id, origin_channel, origin_thread_hash,
                       origin_thread_enc, status, team, subject_enc, category_enc, created_at, updated_at,
                       last_inbound_at, handed_off_at, first_response_due, resolution_due)
                       SELECT id, 0, customer_id, origin_channel, decode(origin_thread_hash, 'hex'),
                              decode(origin_thread_enc, 'hex'), status, team, decode(subject_enc, 'hex'),
                              decode(category_enc, 'hex'), created_at, updated_at, last_inbound_at, handed_off_at,
                              first_response_due, resolution_due FROM q),
                 m AS (""" + messagesOf("q", 2) + ")\n" + Journey.pastOf(3);

    /**
     * A continued request's new state, checked against the version it was read with, and its new messages: none is
     * written when another writer changed the request meanwhile.
     */
    static final String CONTINUED = """
            WITH r AS (UPDATE request SET status = ?2, resolved_at = ?3, updated_at = ?4, last_inbound_at = ?5,
                       version = version + 1 WHERE id = ?1 AND version = ?6 RETURNING id)
            """ + messagesOf("r", 7);

    /** The insert of messages, their request's id from the relation {@code request}, as JSON in parameter n. */
    private static String messagesOf(String request, int n) {
        return """
                INSERT INTO message (id, version, request_id, direction, channel, author, author_ref, body_enc,
                       external_id, occurred_at, created_at, attachments_enc)
                SELECT m.id, 0, %1$s.id, m.direction, m.channel, m.author, m.author_ref, decode(m.body_enc, 'hex'),
                       m.external_id, m.occurred_at, m.created_at, decode(m.attachments_enc, 'hex')
                FROM %1$s, jsonb_to_recordset(CAST(CAST(?%2$d AS text) AS jsonb)) AS m(id uuid, direction text,
                       channel text, author text, author_ref text, body_enc text, external_id text,
                       occurred_at timestamptz, created_at timestamptz, attachments_enc text)""".formatted(request, n);
    }

    private final Json json;

    NewRequests(Json json) {
        this.json = json;
    }

    /**
     * The new request and its messages (of this request, in order), in the caller's transaction; answers what the
     * customer's earlier requests tell about it, read by the same statement ({@link Journey#pastOf}).
     */
    Uni<Journey> insert(Request request, List<Message> messages) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", request.id.toString());
        row.put("customer_id", request.customerId.toString());
        row.put("origin_channel", request.originChannel);
        row.put("origin_thread_hash", hex(request.originThreadHash));
        row.put("origin_thread_enc", hex(request.originThreadEnc));
        row.put("status", request.status.name());
        row.put("team", request.team);
        row.put("subject_enc", hex(request.subjectEnc));
        row.put("category_enc", hex(request.categoryEnc));
        row.put("created_at", text(request.createdAt));
        row.put("updated_at", text(request.updatedAt));
        row.put("last_inbound_at", text(request.lastInboundAt));
        row.put("handed_off_at", text(request.handedOffAt));
        row.put("first_response_due", text(request.firstResponseDue));
        row.put("resolution_due", text(request.resolutionDue));
        return SessionSql.select(INSERT, json.write(row), json.write(rows(messages)), request.customerId)
                .map(past -> Journey.ofRows(past, request.originChannel, request.createdAt));
    }

    /**
     * A request read in the caller's transaction (with its thread's lock, or in its session), changed by the messages
     * that continue it (its status, resolution and clocks) and nothing else, written with them with one statement: the
     * update Hibernate's flush would write and an insert of the messages, two statements before. A request in the
     * session leaves it, which would write it again; it loads anew if read later in the transaction. When another
     * writer changed it since it was read, nothing is written and the caller's transaction runs again
     * ({@link io.omnihub.platform.Conflicts}).
     */
    Uni<Void> continued(Request request, List<Message> messages) {
        return Panache.getSession().invoke(session -> session.detach(request))
                .chain(() -> SessionSql.update(CONTINUED, request.id, request.status, request.resolvedAt,
                        request.updatedAt, request.lastInboundAt, request.version, json.write(rows(messages))))
                .chain(written -> written == messages.size() ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new OptimisticLockException("Request " + request.id
                                + " changed since it was read")));
    }

    private static List<Map<String, Object>> rows(List<Message> messages) {
        return messages.stream().map(m -> {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("id", m.id.toString());
            message.put("direction", m.direction.name());
            message.put("channel", m.channel);
            message.put("author", m.author.name());
            message.put("author_ref", m.authorRef);
            message.put("body_enc", hex(m.bodyEnc));
            message.put("external_id", m.externalId);
            message.put("occurred_at", text(m.occurredAt));
            message.put("created_at", text(m.createdAt));
            message.put("attachments_enc", hex(m.attachmentsEnc));
            return message;
        }).toList();
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? null : HexFormat.of().formatHex(bytes);
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
