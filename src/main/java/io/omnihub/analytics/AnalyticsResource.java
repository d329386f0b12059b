package io.omnihub.analytics;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.security.Roles;
import io.smallrye.mutiny.Uni;

/** Depersonalised counts ({@link AnalyticsCounts}). */
@Path("/api/v1/analytics/counts")
@Tag(name = "Analytics")
@RolesAllowed({ Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    private final AnalyticsCounts counts;

    public AnalyticsResource(AnalyticsCounts counts) {
        this.counts = counts;
    }

    @GET
    @Operation(summary = "Aggregate counts, with no personal data")
    public Uni<Map<String, Map<String, Long>>> counts() {
        return counts.all();
    }
}
