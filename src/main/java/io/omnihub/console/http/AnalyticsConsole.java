package io.omnihub.console.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.omnihub.analytics.Figures;
import io.omnihub.console.AnalyticsCharts;
import io.omnihub.platform.ProblemException;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * The console's analytics page: the figures of the last days in the caller's teams (the same service and scope as
 * {@code GET /api/v1/analytics/figures}), each chart with the table it is drawn from.
 */
@Path("/console/analytics")
@RolesAllowed({ Roles.SUPERVISOR, Roles.PRIVACY_OFFICER, Roles.ADMIN })
@Produces(MediaType.TEXT_HTML)
public class AnalyticsConsole {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance analytics(Caller caller, Figures.Query query, int days,
                List<AnalyticsCharts.Chart> charts);
    }

    private final Figures figures;
    private final Callers callers;
    private final Clock clock;

    public AnalyticsConsole(Figures figures, Callers callers, Clock clock) {
        this.figures = figures;
        this.callers = callers;
        this.clock = clock;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> page(@QueryParam("days") Integer days, @QueryParam("granularity") String granularity,
            @QueryParam("team") String team) {
        int span = days == null ? 7 : days;
        if (span < 1 || span > 90) {
            throw ProblemException.invalidField("days", "must be between 1 and 90");
        }
        Instant to = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Figures.Query query = Figures.Query.parse(to.minus(Duration.ofDays(span)).toString(), to.toString(),
                granularity == null && span <= 2 ? "hour" : granularity, null, team, null, null, to);
        Caller caller = callers.current();
        return figures.read(query, caller).map(found -> Templates.analytics(caller, query, span,
                AnalyticsCharts.of(found, query.granularity())));
    }
}
