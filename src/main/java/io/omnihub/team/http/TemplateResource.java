package io.omnihub.team.http;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.team.CannedResponses;
import io.smallrye.mutiny.Uni;

/** A team's canned responses: its staff read them, its supervisors (and admins) write them. */
@Path("/api/v1/teams/{team}/templates")
@Tag(name = "Teams")
@Produces(MediaType.APPLICATION_JSON)
public class TemplateResource {

    private final CannedResponses templates;
    private final Callers callers;

    public TemplateResource(CannedResponses templates, Callers callers) {
        this.templates = templates;
        this.callers = callers;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.SUPERVISOR })
    public Uni<List<CannedResponses.CannedResponse>> list(@PathParam("team") String team) {
        return seen(team).chain(() -> templates.of(team));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR })
    @Operation(summary = "Add a canned response", description = "Variables: {{customer.name}}, {{request.number}}."
            + " A variant per channel must fit the channel's maximum length with the variables filled in.")
    public Uni<Response> create(@PathParam("team") String team, @Valid @NotNull TemplateBody body) {
        Caller caller = callers.current();
        return seen(team).chain(() -> templates.create(team, body.name(), body.body(),
                body.variants() == null ? Map.of() : body.variants(), Boolean.TRUE.equals(body.approved()),
                caller.actor())).map(created -> Response.status(201).entity(created).build());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR })
    public Uni<Response> delete(@PathParam("team") String team, @PathParam("id") String id) {
        UUID templateId = Ids.parse("id", id);
        return seen(team).chain(() -> templates.delete(team, templateId)).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("Template");
            }
            return Response.noContent().build();
        });
    }

    /** 404 for a team the caller does not work in (admins see every team). */
    private Uni<Void> seen(String team) {
        Caller caller = callers.current();
        if (!caller.has(Roles.ADMIN) && !caller.sees(team)) {
            return Uni.createFrom().failure(ProblemException.notFound("Team"));
        }
        return Uni.createFrom().voidItem();
    }

    /** A canned response as supervisors write it. */
    public record TemplateBody(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 10_000) String body,
            @Size(max = 16) Map<String, @NotBlank @Size(max = 10_000) String> variants, Boolean approved) {
    }
}
