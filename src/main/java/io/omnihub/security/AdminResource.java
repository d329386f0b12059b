package io.omnihub.security;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
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

import io.omnihub.channel.ChannelRegistry;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.smallrye.mutiny.Uni;

/** Admins issue, list and revoke adapter credentials. */
@Path("/api/v1/admin/adapters/{adapter}/credentials")
@Tag(name = "Administration")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final AdapterCredentials credentials;
    private final ChannelRegistry channels;
    private final Callers callers;

    public AdminResource(AdapterCredentials credentials, ChannelRegistry channels, Callers callers) {
        this.credentials = credentials;
        this.channels = channels;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a credential; the key is shown only in this answer")
    public Uni<Response> issue(@PathParam("adapter") String adapter, @Valid @NotNull IssueRequest request) {
        checkName(adapter);
        var channel = channels.find(request.channel())
                .orElseThrow(() -> ProblemException.invalidField("channel", "unknown channel"));
        List<String> vouches = request.vouches() == null ? List.of() : List.copyOf(request.vouches());
        for (String kind : vouches) {
            if (channel.identifiers().stream().noneMatch(k -> k.wireName().equals(kind))) {
                throw ProblemException.invalidField("vouches", "channel '" + channel.id() + "' does not carry '"
                        + (kind.matches("[a-z_]{1,32}") ? kind : "?") + "'");
            }
        }
        String actor = callers.current().actor();
        // the credential and its audit entry commit together
        return credentials.issue(adapter, request.channel(), request.team(), request.rateLimit(), vouches, actor)
                .map(c -> Response.status(201).entity(c).build());
    }

    @GET
    public Uni<List<AdapterCredentials.Credential>> list(@PathParam("adapter") String adapter) {
        checkName(adapter);
        return credentials.list(adapter);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> revoke(@PathParam("adapter") String adapter, @PathParam("id") String id) {
        checkName(adapter);
        UUID credentialId = Ids.parse("id", id);
        String actor = callers.current().actor();
        return credentials.revoke(adapter, credentialId, actor).replaceWith(Response.noContent().build());
    }

    private static void checkName(String adapter) {
        if (!adapter.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw ProblemException.invalidField("adapter", "must be lower-case letters, digits and dashes");
        }
    }

    /** A new credential for an adapter of one channel. */
    public record IssueRequest(@NotBlank @Size(max = 32) String channel,
            @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "must be lower-case letters, digits and dashes") String team,
            @Positive Integer rateLimit,
            @Size(max = 6) List<@NotBlank @Size(max = 32) String> vouches) {
    }
}
