package io.omnihub.delivery.http;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.delivery.OutboundReplies;
import io.omnihub.platform.Ids;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.smallrye.mutiny.Uni;

/** An adapter reads a reply on its own channel (to re-fetch what it consumed from Kafka, or to check status). */
@Path("/api/v1/outbound/{id}")
@Tag(name = "Replies")
@RolesAllowed(Roles.ADAPTER)
@Produces(MediaType.APPLICATION_JSON)
public class OutboundResource {

    private final Callers callers;
    private final OutboundReplies replies;

    public OutboundResource(Callers callers, OutboundReplies replies) {
        this.callers = callers;
        this.replies = replies;
    }

    @GET
    @Operation(summary = "A reply on the caller's channel: its text and delivery status")
    public Uni<OutboundReplies.Outbound> get(@PathParam("id") String id) {
        return replies.onChannel(Ids.parse("id", id), callers.current().channel());
    }
}
