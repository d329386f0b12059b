package io.omnihub.request;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.ProblemException;
import io.smallrye.mutiny.Uni;

/** The customer's timeline: every request and message across every channel. */
@Path("/api/v1/customers/{id}/timeline")
@Tag(name = "Requests")
@Produces(MediaType.APPLICATION_JSON)
public class TimelineResource {

    private final RequestQueries queries;
    private final RequestService service;

    public TimelineResource(RequestQueries queries, RequestService service) {
        this.queries = queries;
        this.service = service;
    }

    @GET
    @Operation(summary = "Every request and message of a customer, across channels, in time order")
    public Uni<Timeline> timeline(@PathParam("id") String id) {
        UUID customerId = RequestResource.uuid("id", id);
        return service.customerExists(customerId).chain(exists -> exists ? queries.timeline(customerId)
                : Uni.createFrom().failure(ProblemException.notFound("Customer")));
    }
}
