package io.omnihub.delivery.outbox;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.Ids;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.smallrye.mutiny.Uni;

/** Admins see the outbox entries that died of their own failures, and requeue them. */
@Path("/api/v1/admin/outbox/dead")
@Tag(name = "Administration")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class OutboxAdminResource {

    private final DeadEntries dead;
    private final Callers callers;

    public OutboxAdminResource(DeadEntries dead, Callers callers) {
        this.dead = dead;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Dead outbox entries, oldest first, with the kind of their last failure")
    public Uni<List<DeadEntries.View>> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return dead.list(limit);
    }

    @POST
    @Path("/{id}/requeue")
    @Operation(summary = "Relay a dead entry again, with no attempt counted; a FAILED reply becomes PENDING")
    public Uni<DeadEntries.View> requeue(@PathParam("id") String id) {
        return dead.requeue(Ids.parse("id", id), callers.current().actor());
    }
}
