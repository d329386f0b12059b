package io.omnihub.team.http;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.team.Roster;
import io.smallrye.mutiny.Uni;

/** An operator's own entry on the roster: signing in records it, and they set themselves available or away. */
@Path("/api/v1/operators/me")
@Tag(name = "Teams")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
@Produces(MediaType.APPLICATION_JSON)
public class OperatorResource {

    private final Roster roster;
    private final Callers callers;

    public OperatorResource(Roster roster, Callers callers) {
        this.roster = roster;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Sign in to the roster (the teams of the token are recorded) and read one's entry")
    public Uni<Roster.Member> me() {
        Caller caller = callers.current();
        return roster.signedIn(caller.subject(), caller.teams());
    }

    @PUT
    @Path("/availability")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set oneself available for assignment, or away")
    public Uni<Roster.Member> availability(@Valid @NotNull Availability body) {
        Caller caller = callers.current();
        return roster.signedIn(caller.subject(), caller.teams())
                .chain(() -> roster.setAvailable(caller.subject(), body.available()))
                .map(java.util.Optional::orElseThrow);
    }

    /** Available for assignment, or away. */
    public record Availability(@NotNull Boolean available) {
    }
}
