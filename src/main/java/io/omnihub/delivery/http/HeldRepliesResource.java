package io.omnihub.delivery.http;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.delivery.HeldReplies;
import io.omnihub.platform.ProblemException;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.smallrye.mutiny.Uni;

/** The held replies of the caller's teams: work to do, with why each was held and where it could go now. */
@Path("/api/v1/replies/held")
@Tag(name = "Replies")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.APPLICATION_JSON)
public class HeldRepliesResource {

    private final HeldReplies held;
    private final Callers callers;

    public HeldRepliesResource(HeldReplies held, Callers callers) {
        this.held = held;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Held replies, oldest first", description = "sendableNow names the channel a held reply"
            + " would go on if sent again now (POST .../replies/{messageId}/resend), or is null.")
    public Uni<List<HeldReplies.Held>> list(@QueryParam("limit") Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 200) {
            throw ProblemException.invalidField("limit", "must be between 1 and 200");
        }
        Caller caller = callers.current();
        return held.list(caller.seesAllTeams() ? null : caller.teams(), size);
    }
}
