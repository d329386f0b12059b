package io.omnihub.request.http;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.Ids;
import io.omnihub.request.RequestQueries;
import io.omnihub.request.Timeline;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.smallrye.mutiny.Uni;

/** The customer's timeline: every request and message across every channel. */
@Path("/api/v1/customers/{id}/timeline")
@Tag(name = "Requests")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.APPLICATION_JSON)
public class TimelineResource {

    private final RequestQueries queries;
    private final Callers callers;
    private final Visibility visibility;

    public TimelineResource(RequestQueries queries, Callers callers, Visibility visibility) {
        this.queries = queries;
        this.callers = callers;
        this.visibility = visibility;
    }

    @GET
    @Operation(summary = "Every request and message of a customer, across channels, in time order")
    public Uni<Timeline> timeline(@PathParam("id") String id) {
        UUID customerId = Ids.parse("id", id);
        Caller caller = callers.current();
        return visibility.customer(customerId, caller)
                .chain(() -> queries.timeline(customerId, RequestResource.teams(caller)));
    }
}
