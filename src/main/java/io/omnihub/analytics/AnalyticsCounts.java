package io.omnihub.analytics;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.platform.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Depersonalised counts: requests per channel, messages per channel and direction, customers per status. Erasure
 * keeps the emptied rows, so these do not change when a customer is erased.
 */
@ApplicationScoped
class AnalyticsCounts {

    private static final TypeReference<Map<String, JsonNode>> BY_NAME = new TypeReference<>() {
    };

    private final Pool db;
    private final Json json;

    AnalyticsCounts(Pool db, Json json) {
        this.db = db;
        this.json = json;
    }

    Uni<Map<String, JsonNode>> all() {
        return db.query("SELECT json_build_object("
                + "'requestsByChannel', (SELECT coalesce(json_object_agg(origin_channel, n), '{}') FROM"
                + " (SELECT origin_channel, count(*) n FROM request GROUP BY 1) r),"
                + "'messagesByChannel', (SELECT coalesce(json_object_agg(k, n), '{}') FROM"
                + " (SELECT coalesce(CASE WHEN p.message_id IS NULL THEN m.channel ELSE p.channel END, 'held')"
                + " || ':' || lower(m.direction) k, count(*) n FROM message m LEFT JOIN reply p ON p.message_id = m.id"
                + " GROUP BY 1) m),"
                + "'customersByStatus', (SELECT coalesce(json_object_agg(status, n), '{}') FROM"
                + " (SELECT status, count(*) n FROM customer GROUP BY 1) c))::text").execute()
                .map(rows -> json.read(rows.iterator().next().getString(0), BY_NAME));
    }
}
