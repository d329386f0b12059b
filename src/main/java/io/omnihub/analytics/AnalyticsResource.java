package io.omnihub.analytics;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Depersonalised counts: requests per channel, messages per channel and direction, customers per status. Erasure
 * keeps the emptied rows, so these do not change when a customer is erased.
 */
@Path("/api/v1/analytics/counts")
@Tag(name = "Analytics")
@RolesAllowed({ Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    private final Pool db;
    private final ObjectMapper json;

    public AnalyticsResource(Pool db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    @GET
    @Operation(summary = "Aggregate counts, with no personal data")
    public Uni<Map<String, JsonNode>> counts() {
        return db.query("SELECT json_build_object("
                + "'requestsByChannel', (SELECT coalesce(json_object_agg(origin_channel, n), '{}') FROM"
                + " (SELECT origin_channel, count(*) n FROM request GROUP BY 1) r),"
                + "'messagesByChannel', (SELECT coalesce(json_object_agg(k, n), '{}') FROM"
                + " (SELECT coalesce(channel, 'held') || ':' || lower(direction) k, count(*) n FROM message GROUP BY 1) m),"
                + "'customersByStatus', (SELECT coalesce(json_object_agg(status, n), '{}') FROM"
                + " (SELECT status, count(*) n FROM customer GROUP BY 1) c))::text").execute()
                .map(rows -> {
                    try {
                        return json.readValue(rows.iterator().next().getString(0),
                                new com.fasterxml.jackson.core.type.TypeReference<Map<String, JsonNode>>() {
                                });
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }
}
