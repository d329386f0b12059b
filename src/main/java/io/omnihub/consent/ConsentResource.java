package io.omnihub.consent;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.ProblemException;
import io.omnihub.routing.Purpose;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.smallrye.mutiny.Uni;

/** The consent ledger of a customer: grant, withdraw (equally easy), and the proof. */
@Path("/api/v1/customers/{id}/consents")
@Tag(name = "Consent and preferences")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.APPLICATION_JSON)
public class ConsentResource {

    private final ConsentService consents;
    private final Callers callers;
    private final Visibility visibility;

    public ConsentResource(ConsentService consents, Callers callers, Visibility visibility) {
        this.consents = consents;
        this.callers = callers;
        this.visibility = visibility;
    }

    @GET
    @Operation(summary = "Current consent with its full history, optionally for one purpose: the proof")
    public Uni<ConsentViews.Ledger> ledger(@PathParam("id") String id, @QueryParam("purpose") String purpose) {
        java.util.UUID customerId = io.omnihub.platform.Ids.parse("id", id);
        Purpose wanted = purpose == null ? null : purpose(purpose);
        return visibility.customer(customerId, callers.current()).chain(() -> consents.ledger(customerId, wanted));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grant or withdraw consent for one channel and purpose")
    public Uni<Response> change(@PathParam("id") String id, @Valid @NotNull ChangeBody body) {
        Caller caller = callers.current();
        ConsentChange change = new ConsentChange(io.omnihub.platform.Ids.parse("id", id), body.channel(),
                purpose(body.purpose()),
                body.action().equals("GRANT") ? ConsentEvent.Action.GRANTED : ConsentEvent.Action.WITHDRAWN,
                body.textVersion(), body.capturedChannel() == null ? "api" : body.capturedChannel(), caller.actor(),
                body.evidence());
        return visibility.customer(change.customerId(), caller).chain(() -> consents.change(change))
                .map(e -> Response.status(201).entity(e).build());
    }

    private static Purpose purpose(String value) {
        try {
            return Purpose.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("purpose", "must be SERVICE or MARKETING");
        }
    }

    /** A grant or withdrawal. */
    public record ChangeBody(
            @NotBlank @Size(max = 32) String channel,
            @NotBlank String purpose,
            @NotNull @Pattern(regexp = "GRANT|WITHDRAW", message = "must be GRANT or WITHDRAW") String action,
            @NotBlank @Size(max = 64) String textVersion,
            @Size(max = 32) String capturedChannel,
            @NotNull @Size(max = 20) Map<String, Object> evidence) {
    }
}
