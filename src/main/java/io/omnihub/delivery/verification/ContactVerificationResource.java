package io.omnihub.delivery.verification;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import io.omnihub.security.Visibility;
import io.smallrye.mutiny.Uni;

/** Operators send a one-time code to a customer's claimed phone or e-mail, to be given back in a conversation. */
@Path("/api/v1/customers/{id}/contacts/{contactId}/verifications")
@Tag(name = "Identity")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ContactVerificationResource {

    private final Verifications verifications;
    private final Callers callers;
    private final Visibility visibility;

    public ContactVerificationResource(Verifications verifications, Callers callers, Visibility visibility) {
        this.verifications = verifications;
        this.callers = callers;
        this.visibility = visibility;
    }

    /** The conversation (a chatbot, web or app request of the customer) where the code is to be given back. */
    public record StartBody(@NotBlank String requestId) {
    }

    @POST
    @Operation(summary = "Send a one-time code to a contact of the customer (SMS to a phone, e-mail to an address)")
    public Uni<Response> start(@PathParam("id") String id, @PathParam("contactId") String contactId,
            @Valid @NotNull StartBody body) {
        Caller caller = callers.current();
        UUID customer = Ids.parse("id", id);
        UUID request = Ids.parse("requestId", body.requestId());
        return visibility.customer(customer, caller).chain(() -> visibility.request(request, caller))
                .chain(() -> verifications.start(customer, Ids.parse("contactId", contactId), request, caller.actor()))
                .map(started -> Response.status(201).entity(started).build());
    }
}
