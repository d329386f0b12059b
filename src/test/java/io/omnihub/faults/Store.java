package io.omnihub.faults;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Omnihub's tables read over plain JDBC after a fault, to check what was stored against what clients were told:
 * the idempotency receipt, message, request and outbox rows of each intake, and the outbox as a whole.
 */
final class Store {

    /** What the database holds for one intake (channel, external id). */
    record Intake(String channel, String externalId, boolean receipt, String requestId, String messageId,
            boolean newRequest, int messages, boolean messageMatches, boolean request, boolean messageEvent,
            boolean requestEvent) {

        /** Nothing at all: no receipt and no message. */
        boolean absent() {
            return !receipt && messages == 0;
        }

        /** Everything: receipt with its result, exactly one message (the receipt's), the request, the outbox rows. */
        boolean complete() {
            return receipt && requestId != null && messageId != null && messages == 1 && messageMatches && request
                    && messageEvent && (!newRequest || requestEvent);
        }
    }

    /** One outbox row; {@code message*} describe the reply behind a reply row (null for events). */
    record OutboxRow(String id, String topic, String type, String aggregateId, Instant createdAt, boolean published,
            boolean dead, int attempts, String messageChannel, String messageStatus) {

        boolean reply() {
            return topic.startsWith("omnihub.replies.");
        }

        /** The CloudEvents id it is published with: a reply's message id, an event's own id. */
        String cloudEventId() {
            return reply() ? aggregateId : id;
        }
    }

    private final PostgresServer postgres;

    Store(PostgresServer postgres) {
        this.postgres = postgres;
    }

    /** For each key {@code channel/externalId}: what the database holds. */
    Map<String, Intake> intakes(Collection<String> keys, Instant since) throws SQLException {
        Map<String, Intake> found = new LinkedHashMap<>();
        Set<String> events = new HashSet<>();
        try (Connection c = postgres.connect()) {
            try (PreparedStatement s = c.prepareStatement("SELECT type || '/' || aggregate_id FROM outbox"
                    + " WHERE created_at >= ? AND type IN ('message.received', 'request.created')")) {
                s.setTimestamp(1, Timestamp.from(since.minusSeconds(60)));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        events.add(rs.getString(1));
                    }
                }
            }
            List<String> channels = keys.stream().map(k -> k.substring(0, k.indexOf('/'))).toList();
            List<String> ids = keys.stream().map(k -> k.substring(k.indexOf('/') + 1)).toList();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT x.channel, x.external_id, r.channel IS NOT NULL, r.request_id, r.message_id,
                           coalesce(r.new_request, false),
                           (SELECT count(*) FROM message m WHERE m.channel = x.channel AND m.external_id = x.external_id),
                           EXISTS (SELECT 1 FROM message m WHERE m.id = r.message_id AND m.request_id = r.request_id),
                           EXISTS (SELECT 1 FROM request q WHERE q.id = r.request_id)
                    FROM unnest(?::text[], ?::text[]) AS x(channel, external_id)
                    LEFT JOIN inbound_receipt r ON r.channel = x.channel AND r.external_id = x.external_id""")) {
                s.setArray(1, c.createArrayOf("text", channels.toArray()));
                s.setArray(2, c.createArrayOf("text", ids.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String requestId = rs.getString(4);
                        String messageId = rs.getString(5);
                        Intake intake = new Intake(rs.getString(1), rs.getString(2), rs.getBoolean(3), requestId,
                                messageId, rs.getBoolean(6), rs.getInt(7), rs.getBoolean(8), rs.getBoolean(9),
                                events.contains("message.received/" + messageId),
                                events.contains("request.created/" + requestId));
                        found.put(intake.channel() + "/" + intake.externalId(), intake);
                    }
                }
            }
        }
        return found;
    }

    /** Every outbox row created since then, oldest first, with the state of the reply behind each reply row. */
    List<OutboxRow> outboxSince(Instant since) throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        try (Connection c = postgres.connect(); PreparedStatement s = c.prepareStatement("""
                SELECT o.id, o.topic, o.type, o.aggregate_id, o.created_at, o.published_at IS NOT NULL, %s, o.attempts,
                       p.channel, p.status
                FROM outbox o LEFT JOIN reply p ON o.topic LIKE 'omnihub.replies.%%' AND p.message_id = o.aggregate_id
                WHERE o.created_at >= ? ORDER BY o.created_at, o.id""".formatted(dead(c)))) {
            s.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), rs.getBoolean(6), rs.getBoolean(7), rs.getInt(8),
                            rs.getString(9), rs.getString(10)));
                }
            }
        }
        return rows;
    }

    /** The request and customer of inbound messages by their external ids on a channel ({@code [requestId, customerId]}). */
    Map<String, String[]> receipts(String channel, Collection<String> externalIds) throws SQLException {
        Map<String, String[]> found = new LinkedHashMap<>();
        try (Connection c = postgres.connect();
                PreparedStatement s = c.prepareStatement("SELECT external_id,"
                        + " request_id, customer_id FROM inbound_receipt WHERE channel = ? AND external_id = ANY(?)")) {
            s.setString(1, channel);
            Array ids = c.createArrayOf("text", externalIds.toArray());
            s.setArray(2, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), new String[] { rs.getString(2), rs.getString(3) });
                }
            }
        }
        return found;
    }

    /** Outbox rows of these replies (by message id) not yet relayed (neither published nor dead). */
    long unrelayed(Collection<String> messageIds) throws SQLException {
        try (Connection c = postgres.connect();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM outbox"
                        + " o WHERE aggregate_id = ANY(?::uuid[]) AND published_at IS NULL AND NOT " + dead(c))) {
            s.setArray(1, c.createArrayOf("text", messageIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Whether an outbox row is dead ({@code dead_at}, where the schema has it; older schemas park rows as published). */
    private static String dead(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getColumns(null, null, "outbox", "dead_at")) {
            return rs.next() ? "(o.dead_at IS NOT NULL)" : "false";
        }
    }
}
