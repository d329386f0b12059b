package io.omnihub.request;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

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

import io.omnihub.platform.ProblemException;
import io.smallrye.mutiny.Uni;

/** Operators' read API for requests and the status lifecycle. */
@Path("/api/v1")
@Tag(name = "Requests")
@Produces(MediaType.APPLICATION_JSON)
public class RequestResource {

    private final RequestQueries queries;
    private final RequestService service;
    private final RequestConfig config;

    public RequestResource(RequestQueries queries, RequestService service, RequestConfig config) {
        this.queries = queries;
        this.service = service;
        this.config = config;
    }

    @GET
    @Path("/requests/{id}")
    public Uni<RequestView> request(@PathParam("id") String id) {
        return queries.request(uuid("id", id)).onItem().ifNull().failWith(() -> ProblemException.notFound("Request"));
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
                customerId == null ? null : uuid("customerId", customerId), instant("from", from),
                instant("to", to), cursor == null ? null : uuid("cursor", cursor), size));
    }

    @PUT
    @Path("/requests/{id}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RequestSummary> changeStatus(@PathParam("id") String id, @Valid @NotNull StatusChange change) {
        return service.changeStatus(uuid("id", id), status(change.status()));
    }

    /** Body of a status change. */
    public record StatusChange(@NotNull String status) {
    }

    static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(field, "must be a UUID");
        }
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
