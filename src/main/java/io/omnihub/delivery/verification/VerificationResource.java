package io.omnihub.delivery.verification;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.Ids;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.smallrye.mutiny.Uni;

/**
 * Verification by one-time code, for web and app adapters: they start the verification of a phone or e-mail their
 * customer typed on their site, and send the code the customer gives back there.
 */
@Path("/api/v1/verifications")
@Tag(name = "Identity")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class VerificationResource {

    private final Verifications verifications;
    private final CodeChecks codes;
    private final VerificationTargets targets;
    private final Callers callers;

    public VerificationResource(Verifications verifications, CodeChecks codes, VerificationTargets targets,
            Callers callers) {
        this.verifications = verifications;
        this.codes = codes;
        this.targets = targets;
        this.callers = callers;
    }

    /** An adapter's request to verify a contact its customer typed in the conversation {@code requestId}. */
    public record AdapterStartBody(@NotBlank String requestId,
            @NotNull @Pattern(regexp = "phone|email", message = "must be phone or email") String kind,
            @NotBlank @Size(max = 254) String value) {
    }

    /** The code the customer gave back. */
    public record CodeBody(@NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be six digits") String code) {
    }

    @POST
    @RolesAllowed(Roles.ADAPTER)
    @Operation(summary = "An adapter starts the verification of a phone or e-mail its customer typed in a conversation")
    public Uni<Response> startForAdapter(@Valid @NotNull AdapterStartBody body) {
        Caller caller = callers.current();
        return targets.claimed(Ids.parse("requestId", body.requestId()), caller.channel(), body.kind(), body.value())
                .chain(t -> verifications.start(t.customerId(), t.contactPointId(), t.requestId(), caller.actor()))
                .map(started -> Response.status(201).entity(started).build());
    }

    @POST
    @Path("/{id}/code")
    @RolesAllowed(Roles.ADAPTER)
    @Operation(summary = "The code the customer gave back on the adapter's channel: 200 verified, 422 wrong, 410 expired")
    public Uni<CodeChecks.Checked> code(@PathParam("id") String id, @Valid @NotNull CodeBody body) {
        Caller caller = callers.current();
        return codes.check(Ids.parse("id", id), body.code(), caller.channel(), caller.actor());
    }
}
