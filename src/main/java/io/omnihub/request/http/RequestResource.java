package io.omnihub.request.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.NoteBody;
import io.omnihub.request.Page;
import io.omnihub.request.RequestAnnotations;
import io.omnihub.request.RequestConfig;
import io.omnihub.request.RequestLifecycle;
import io.omnihub.request.RequestOwnership;
import io.omnihub.request.RequestQueries;
import io.omnihub.request.RequestStatus;
import io.omnihub.request.RequestSummary;
import io.omnihub.request.RequestTemplates;
import io.omnihub.request.RequestView;
import io.omnihub.request.TransferBody;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.omnihub.team.Roster;
import io.smallrye.mutiny.Uni;

/** Operators' read API for requests and the status lifecycle. */
@Path("/api/v1")
@Tag(name = "Requests")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.APPLICATION_JSON)
public class RequestResource {

    private final RequestQueries queries;
    private final RequestLifecycle lifecycle;
    private final RequestConfig config;
    private final Callers callers;
    private final Visibility visibility;
    private final RequestOwnership ownership;
    private final Roster roster;
    private final RequestAnnotations annotations;
    private final RequestTemplates filled;

    public RequestResource(RequestQueries queries, RequestLifecycle lifecycle, RequestConfig config, Callers callers,
            Visibility visibility, RequestOwnership ownership, Roster roster, RequestAnnotations annotations,
            RequestTemplates filled) {
        this.filled = filled;
        this.annotations = annotations;
        this.ownership = ownership;
        this.roster = roster;
        this.queries = queries;
        this.lifecycle = lifecycle;
        this.config = config;
        this.callers = callers;
        this.visibility = visibility;
    }

    @GET
    @Path("/requests/{id}")
    public Uni<RequestView> request(@PathParam("id") String id) {
        UUID requestId = Ids.parse("id", id);
        return visibility.request(requestId, callers.current())
                .chain(() -> queries.request(requestId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Request"));
    }

    @GET
    @Path("/requests")
    public Uni<Page<RequestSummary>> list(@QueryParam("status") String status, @QueryParam("channel") String channel,
            @QueryParam("customerId") String customerId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("assignee") String assignee, @QueryParam("label") String label,
            @QueryParam("number") String number, @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        if (number != null && !number.matches("#?[0-9A-Fa-f]{8}")) {
            throw ProblemException.invalidField("number", "is eight hex digits, as shown: 3F9A21BC");
        }
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > config.maxPageSize()) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + config.maxPageSize());
        }
        Caller caller = callers.current();
        // "me" for one's own, "none" for those nobody owns
        String owner = assignee == null ? null
                : "me".equals(assignee) ? caller.subject() : "none".equals(assignee) ? "" : assignee;
        return queries.list(new RequestQueries.RequestFilter(status == null ? null : status(status), channel,
                customerId == null ? null : Ids.parse("customerId", customerId), instant("from", from),
                instant("to", to), owner, label, number == null ? null : number.replace("#", ""),
                cursor == null ? null : Ids.parse("cursor", cursor), size,
                teams(caller)));
    }

    @GET
    @Path("/requests/{id}/templates")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(summary = "The team's canned responses, filled in for this request and its channel")
    public Uni<List<RequestTemplates.Filled>> templates(@PathParam("id") String id) {
        UUID requestId = Ids.parse("id", id);
        return visibility.request(requestId, callers.current()).chain(() -> filled.of(requestId));
    }

    @POST
    @Path("/requests/{id}/transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(summary = "Transfer (escalate) a request to another team, with a note", description = "Nobody owns it"
            + " there until someone takes it; the caller may lose sight of it.")
    public Uni<RequestSummary> transfer(@PathParam("id") String id, @Valid @NotNull TransferBody body) {
        UUID requestId = Ids.parse("id", id);
        Caller caller = callers.current();
        return visibility.request(requestId, caller)
                .chain(() -> ownership.transfer(requestId, body.team(), body.note(), caller.actor()));
    }

    @POST
    @Path("/requests/{id}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(summary = "Add an internal note: operators see it, the customer never does")
    public Uni<Response> note(@PathParam("id") String id, @Valid @NotNull NoteBody body) {
        UUID requestId = Ids.parse("id", id);
        Caller caller = callers.current();
        return visibility.request(requestId, caller)
                .chain(() -> annotations.note(requestId, body.text(), caller.actor()))
                .map(note -> Response.status(201).entity(note).build());
    }

    @PUT
    @Path("/requests/{id}/labels/{label}")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(summary = "Put a label on a request; answers its labels")
    public Uni<List<String>> label(@PathParam("id") String id, @PathParam("label") String label) {
        UUID requestId = Ids.parse("id", id);
        return visibility.request(requestId, callers.current()).chain(() -> annotations.label(requestId, label));
    }

    @DELETE
    @Path("/requests/{id}/labels/{label}")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(summary = "Take a label off a request; answers its labels")
    public Uni<List<String>> unlabel(@PathParam("id") String id, @PathParam("label") String label) {
        UUID requestId = Ids.parse("id", id);
        return visibility.request(requestId, callers.current()).chain(() -> annotations.unlabel(requestId, label));
    }

    @POST
    @Path("/requests/{id}/take")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(summary = "Take a request", description = "The caller owns it from now on. 409 if another operator"
            + " owns it, unless takeOver is true.")
    public Uni<RequestSummary> take(@PathParam("id") String id, Take body) {
        UUID requestId = Ids.parse("id", id);
        Caller caller = callers.current();
        return visibility.request(requestId, caller)
                .chain(() -> roster.signedIn(caller.subject(), caller.teams()))
                .chain(() -> ownership.take(requestId, caller.subject(), body != null && Boolean.TRUE.equals(
                        body.takeOver()), caller.actor()));
    }

    @PUT
    @Path("/requests/{id}/assignee")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(summary = "Assign a request to an operator of its team (who signed in at least once)")
    public Uni<RequestSummary> assign(@PathParam("id") String id, @Valid @NotNull Assignment body) {
        UUID requestId = Ids.parse("id", id);
        Caller caller = callers.current();
        return visibility.request(requestId, caller)
                .chain(() -> ownership.assign(requestId, body.operator(), caller.actor()));
    }

    @DELETE
    @Path("/requests/{id}/assignee")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(summary = "Release a request to its team's queue", description = "Operators release only what they"
            + " own (409 otherwise); supervisors release any.")
    public Uni<RequestSummary> release(@PathParam("id") String id) {
        UUID requestId = Ids.parse("id", id);
        Caller caller = callers.current();
        return visibility.request(requestId, caller).chain(() -> ownership.release(requestId, caller.subject(),
                caller.has(Roles.SUPERVISOR), caller.actor()));
    }

    /** Taking a request; {@code takeOver} to take it from another operator. */
    public record Take(Boolean takeOver) {
    }

    /** Whom a supervisor assigns a request to: an operator's subject. */
    public record Assignment(@NotNull @Size(min = 1, max = 200) String operator) {
    }

    @PUT
    @Path("/requests/{id}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    public Uni<RequestSummary> changeStatus(@PathParam("id") String id, @Valid @NotNull StatusChange change) {
        UUID requestId = Ids.parse("id", id);
        RequestStatus next = status(change.status());
        return visibility.request(requestId, callers.current()).chain(() -> lifecycle.changeStatus(requestId, next));
    }

    /** The teams a caller sees, or null for all. */
    static java.util.Set<String> teams(Caller caller) {
        return caller.seesAllTeams() ? null : caller.teams();
    }

    /** Body of a status change. */
    public record StatusChange(@NotNull String status) {
    }

    private static RequestStatus status(String value) {
        try {
            return RequestStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", "must be one of NEW, OPEN, WAITING_CUSTOMER, RESOLVED, CLOSED");
        }
    }

    private static Instant instant(String field, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
