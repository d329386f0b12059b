package io.omnihub.customer.http;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.customer.ContactPoint;
import io.omnihub.customer.CustomerView;
import io.omnihub.customer.Rectification;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.smallrye.mutiny.Uni;

/** Rectification on the customer's word: operators, supervisors and privacy officers; every change audited. */
@Path("/api/v1/customers/{id}")
@Tag(name = "Customers")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RectificationResource {

    private final Rectification rectification;
    private final Visibility visibility;
    private final Callers callers;

    public RectificationResource(Rectification rectification, Visibility visibility, Callers callers) {
        this.rectification = rectification;
        this.visibility = visibility;
        this.callers = callers;
    }

    /** A corrected name, and why. */
    public record NameBody(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 500) String reason) {
    }

    /** A corrected value, a new state (ACTIVE or RETIRED), or both; and why. */
    public record ContactBody(@Size(max = 254) String value,
            @Pattern(regexp = "ACTIVE|RETIRED", message = "must be ACTIVE or RETIRED") String state,
            @NotBlank @Size(max = 500) String reason) {
    }

    @PUT
    @Path("/name")
    @Operation(summary = "Correct the customer's name (audited, the old value masked)")
    public Uni<Response> rename(@PathParam("id") String id, @Valid @NotNull NameBody body) {
        Caller caller = callers.current();
        UUID customer = Ids.parse("id", id);
        return visibility.customer(customer, caller)
                .chain(() -> rectification.rename(customer, body.name().strip(), body.reason(), caller.actor()))
                .replaceWith(Response.noContent().build());
    }

    @PATCH
    @Path("/contacts/{contactId}")
    @Operation(summary = "Correct a contact (claimed again until verified), retire it, or make it active again")
    public Uni<CustomerView.ContactView> contact(@PathParam("id") String id, @PathParam("contactId") String contactId,
            @Valid @NotNull ContactBody body) {
        if (body.value() == null && body.state() == null) {
            throw ProblemException.invalidField("value", "give a corrected value, a state, or both");
        }
        Caller caller = callers.current();
        UUID customer = Ids.parse("id", id);
        UUID contact = Ids.parse("contactId", contactId);
        Uni<CustomerView.ContactView> corrected = body.value() == null ? Uni.createFrom().nullItem()
                : rectification.correct(customer, contact, body.value(), body.reason(), caller.actor());
        return visibility.customer(customer, caller).chain(() -> corrected)
                .chain(view -> body.state() == null ? Uni.createFrom().item(view)
                        : rectification.state(customer, contact, ContactPoint.State.valueOf(body.state()),
                                body.reason(), caller.actor()))
                .map(view -> caller.seesFullContacts() ? view : view.masked());
    }
}
