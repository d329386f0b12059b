package io.omnihub.analytics;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.Audit;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.smallrye.mutiny.Uni;

/**
 * Journey analytics from the rollups ({@link Figures}): aggregates only, scoped to the caller's teams like every other
 * read (privacy officers and admins see all, and the figures of no team, such as consent).
 */
@Path("/api/v1/analytics")
@Tag(name = "Analytics")
public class AnalyticsResource {

    private static final String PARAMETERS = "from/to: ISO-8601 instants, widened to whole hours (default: the"
            + " last seven days); granularity: hour, day (default) or week, in UTC; by: a comma-separated split among"
            + " team, channel and operator; team, channel, operator: filters. The README lists the metrics.";

    private final Figures figures;
    private final Rebuild rebuild;
    private final Callers callers;
    private final Clock clock;

    private final Audit audit;

    public AnalyticsResource(Figures figures, Rebuild rebuild, Callers callers, Clock clock, Audit audit) {
        this.audit = audit;
        this.figures = figures;
        this.rebuild = rebuild;
        this.callers = callers;
        this.clock = clock;
    }

    @GET
    @Path("figures")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.PRIVACY_OFFICER, Roles.ADMIN })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Figures of a window", description = PARAMETERS)
    public Uni<List<Figures.Figure>> json(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("granularity") String granularity, @QueryParam("by") String by,
            @QueryParam("team") String team, @QueryParam("channel") String channel,
            @QueryParam("operator") String operator) {
        return Uni.createFrom().item(() -> Figures.Query.parse(from, to, granularity, by, team, channel, operator,
                clock.instant())).chain(query -> figures.read(query, callers.current()));
    }

    @GET
    @Path("figures.csv")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.PRIVACY_OFFICER, Roles.ADMIN })
    @Produces("text/csv")
    @Operation(summary = "Figures of a window, as CSV", description = PARAMETERS)
    public Uni<String> csv(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("granularity") String granularity, @QueryParam("by") String by,
            @QueryParam("team") String team, @QueryParam("channel") String channel,
            @QueryParam("operator") String operator) {
        return json(from, to, granularity, by, team, channel, operator).map(Figures::csv);
    }

    @POST
    @Path("rebuild")
    @RolesAllowed(Roles.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Recount the rollups from omnihub.events", description = "Empties the rollups and counts"
            + " every event the topic still holds; the live consumer goes on meanwhile, and each event counts once.")
    public Uni<Rebuild.Result> rebuild() {
        // audited as it starts, on the request's event loop: the rebuild reads the topic on a worker thread
        return audit.recordAlone(callers.current().actor(), "analytics.rebuilt", "analytics", null, Map.of())
                .chain(rebuild::run);
    }
}
