package io.omnihub.request.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.Page;
import io.omnihub.request.RequestConfig;
import io.omnihub.request.RequestQueries;
import io.omnihub.request.RequestService;
import io.omnihub.request.RequestStatus;
import io.omnihub.request.RequestSummary;
import io.omnihub.request.RequestView;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.smallrye.mutiny.Uni;

/** Operators' read API for requests and the status lifecycle. */
@Path("/api/v1")
@Tag(name = "Requests")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.APPLICATION_JSON)
public class RequestResource {

    private final RequestQueries queries;
    private final RequestService service;
    private final RequestConfig config;
    private final Callers callers;
    private final Visibility visibility;

    public RequestResource(RequestQueries queries, RequestService service, RequestConfig config, Callers callers,
            Visibility visibility) {
        this.queries = queries;
        this.service = service;
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
            @QueryParam("to") String to, @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > config.maxPageSize()) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + config.maxPageSize());
        }
        return queries.list(new RequestQueries.RequestFilter(status == null ? null : status(status), channel,
                customerId == null ? null : Ids.parse("customerId", customerId), instant("from", from),
                instant("to", to), cursor == null ? null : Ids.parse("cursor", cursor), size, teams(callers.current())));
    }

    @PUT
    @Path("/requests/{id}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    public Uni<RequestSummary> changeStatus(@PathParam("id") String id, @Valid @NotNull StatusChange change) {
        UUID requestId = Ids.parse("id", id);
        RequestStatus next = status(change.status());
        return visibility.request(requestId, callers.current()).chain(() -> service.changeStatus(requestId, next));
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
