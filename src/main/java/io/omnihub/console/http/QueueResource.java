package io.omnihub.console.http;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.omnihub.console.ConsoleConfig;
import io.omnihub.console.ConsolePages;
import io.omnihub.console.LiveFeed;
import io.omnihub.console.QueueQueries;
import io.omnihub.platform.LiveNotices.Notice;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.RequestAnnotations;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.team.Roster;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The console's queue page: the caller's teams' requests, longest waiting first, and the live notices behind it. */
@Path("/console")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.TEXT_HTML)
public class QueueResource {

    private final ConsolePages pages;
    private final QueueQueries queue;
    private final Callers callers;
    private final LiveFeed live;
    private final ConsoleConfig config;
    private final Roster roster;

    public QueueResource(ConsolePages pages, QueueQueries queue, Callers callers, LiveFeed live,
            ConsoleConfig config, Roster roster) {
        this.roster = roster;
        this.pages = pages;
        this.queue = queue;
        this.callers = callers;
        this.live = live;
        this.config = config;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> queue(@QueryParam("status") List<String> status, @QueryParam("channel") String channel,
            @QueryParam("waiting") Integer waitingMinutes, @QueryParam("owner") String owner,
            @QueryParam("label") String label) {
        Caller caller = callers.current();
        QueueQueries.Filter filter = filter(status, channel, waitingMinutes, owner, label);
        return queue.queue(filter, caller).chain(rows -> queue.waitingCount(caller)
                .chain(waiting -> roster.find(caller.subject()).map(me -> ConsoleTemplates.queue(caller, filter,
                        pages.inboundChannels(), rows, waiting, me.map(Roster.Member::available).orElse(false)))));
    }

    /** An operator sets themselves available for assignment, or away. */
    @POST
    @Path("/availability")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<Response> availability(@FormParam("available") boolean available) {
        Caller caller = callers.current();
        return roster.signedIn(caller.subject(), caller.teams())
                .chain(() -> roster.setAvailable(caller.subject(), available))
                .map(ignored -> ConsoleAnswers.to("/console"));
    }

    @GET
    @Path("/queue")
    @Operation(hidden = true)
    public Uni<TemplateInstance> rows(@QueryParam("status") List<String> status, @QueryParam("channel") String channel,
            @QueryParam("waiting") Integer waitingMinutes, @QueryParam("owner") String owner,
            @QueryParam("label") String label) {
        return queue.queue(filter(status, channel, waitingMinutes, owner, label), callers.current())
                .map(ConsoleTemplates::rows);
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Multi<Notice> events() {
        return live.forCaller(callers.current());
    }

    /** A page that cannot be shown is an HTML page for a browser, and problem+json for a script or htmx. */
    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpHeaders headers) {
        return ConsoleAnswers.problem(e, headers);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers) {
        return ConsoleAnswers.forbidden(headers);
    }

    private QueueQueries.Filter filter(List<String> status, String channel, Integer waitingMinutes, String owner,
            String label) {
        List<String> statuses = status == null ? List.of()
                : status.stream().filter(s -> !s.isBlank()).distinct().toList();
        for (String s : statuses) {
            if (!QueueQueries.ALL_STATUSES.contains(s)) {
                throw ProblemException.invalidField("status",
                        "must be NEW, OPEN, WAITING_CUSTOMER, RESOLVED, CLOSED or BOT");
            }
        }
        String wanted = channel == null || channel.isBlank() ? null : channel;
        if (wanted != null && !pages.knows(wanted)) {
            throw ProblemException.invalidField("channel", "is not a known channel");
        }
        int minutes = waitingMinutes == null ? 0 : waitingMinutes;
        if (minutes < 0 || minutes > 60 * 24 * 30) {
            throw ProblemException.invalidField("waiting", "must be between 0 and 43200 minutes");
        }
        QueueQueries.Owner whose = QueueQueries.Owner.ANYONE;
        if (owner != null && !owner.isBlank()) {
            try {
                whose = QueueQueries.Owner.valueOf(owner.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("owner", "must be anyone, mine or nobody");
            }
        }
        String labelled = label == null || label.isBlank() ? null : label.trim();
        if (labelled != null && !labelled.matches(RequestAnnotations.LABEL)) {
            throw ProblemException.invalidField("label", "a lower-case word of letters, digits, '-' or '_'");
        }
        return new QueueQueries.Filter(statuses, wanted, Duration.ofMinutes(minutes), whose, labelled,
                config.queuePage());
    }
}
