package io.omnihub.analytics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one event of {@code omnihub.events} adds to the hourly rollups: a pure function of the event, so a rebuild
 * from the topic arrives at the same numbers. Every figure is a count of a {@code metric} in the event's hour, for a
 * team, a channel and an operator (each empty when it does not apply), split by {@code dim}; times are histograms
 * whose {@code dim} is a bucket ({@link Buckets}). The README's analytics section lists the metrics.
 */
final class Rollups {

    private Rollups() {
    }

    /** An event as read from the topic: its CloudEvents id, type and time, and its data. */
    record Event(UUID id, String type, Instant time, JsonNode data) {
    }

    /** One count to add. */
    record Row(UUID eventId, Instant hour, String team, String channel, String operator, String metric, String dim) {
    }

    static List<Row> of(Event e) {
        JsonNode d = e.data();
        List<Row> rows = new ArrayList<>();
        Rows add = (team, channel, operator, metric, dim) -> rows.add(new Row(e.id(),
                e.time().truncatedTo(ChronoUnit.HOURS), team, channel, operator, metric, dim));
        String team = text(d, "team");
        switch (e.type()) {
            case "request.created" -> {
                String channel = text(d, "channel");
                add.row(team, channel, "", "requests", d.path("withBot").asBoolean() ? "bot" : "people");
                if (d.path("firstUseOfChannel").asBoolean() && d.path("channelsUsed").asInt() == 2) {
                    add.row(team, channel, "", "multichannel", "");
                }
                if (!text(d, "switchedFrom").isEmpty()) {
                    add.row(team, channel, "", "switch", text(d, "switchedFrom"));
                }
                if (!text(d, "repeatOf").isEmpty()) {
                    add.row(team, channel, "", "repeat", text(d, "repeatOf"));
                }
            }
            case "message.received" -> add.row(team, text(d, "channel"), "", "in", text(d, "author"));
            case "request.first-response" -> add.row(team, text(d, "channel"), text(d, "operator"), "first_response",
                    Buckets.of(d.path("seconds").asLong()));
            case "request.status-changed" -> {
                if (d.hasNonNull("resolutionSeconds")) {
                    add.row(team, text(d, "channel"), text(d, "assignee"), "resolution",
                            Buckets.of(d.path("resolutionSeconds").asLong()));
                }
                if (d.path("closedByBot").asBoolean() && "CLOSED".equals(text(d, "status"))) {
                    add.row(team, text(d, "channel"), "", "bot_closed", "");
                }
            }
            case "request.handed-off" -> add.row(text(d, "fromTeam"), text(d, "channel"), "", "bot_handed_off",
                    text(d, "by"));
            case "reply.routed" -> {
                String origin = text(d, "originChannel");
                String channel = text(d, "channel");
                String operator = text(d, "operator");
                add.row(team, channel, operator, "out", text(d, "outcome"));
                if ("DEFERRED".equals(text(d, "outcome"))) {
                    add.row(team, channel, operator, "reply_deferred", "");
                }
                if (d.path("fallback").asBoolean()) {
                    add.row(team, origin, operator, "reply_fallback", channel);
                    d.path("reasons").forEach(r -> add.row(team, origin, operator, "fallback_reason", r.asText()));
                } else {
                    add.row(team, origin, operator, "reply_origin", "");
                }
            }
            case "reply.held" -> {
                String origin = text(d, "originChannel");
                String operator = text(d, "operator");
                add.row(team, origin, operator, "reply_held", text(d, "stoppedAt"));
                d.path("reasons").forEach(r -> add.row(team, origin, operator, "held_reason", r.asText()));
            }
            case "reply.delivered" -> add.row(team, text(d, "channel"), "", "delivered", "");
            case "reply.failed" -> add.row(team, text(d, "channel"), "", "failed", text(d, "status"));
            case "reply.rerouted" -> add.row(team, text(d, "channel"), "", "rerouted", "");
            case "consent.changed" -> add.row("", text(d, "channel"), "", "consent",
                    text(d, "purpose") + ":" + text(d, "action"));
            case "request.csat-answered" -> add.row(team, text(d, "channel"), text(d, "assignee"), "csat",
                    text(d, "rating"));
            case "request.sla-breached" -> add.row(team, "", "", "sla_breached", text(d, "target"));
            default -> {
                // customer.*, verification.*, outbox.*: nothing to count
            }
        }
        return rows;
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    @FunctionalInterface
    private interface Rows {
        void row(String team, String channel, String operator, String metric, String dim);
    }
}
