package io.omnihub.console.http;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.omnihub.customer.ContactPoint;
import io.omnihub.customer.DuplicateReview;
import io.omnihub.customer.Rectification;
import io.omnihub.delivery.verification.Verifications;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Uni;

/**
 * The console's identity pages: the review queue of suspected duplicates (supervisors, privacy officers), a one-time
 * code sent to a customer's claimed contact, and rectification of names and contacts. Each goes through the same
 * services and checks as the API.
 */
@Path("/console")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.TEXT_HTML)
public class IdentityConsole {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance duplicates(Caller caller, List<DuplicateReview.View> pairs);
    }

    private final DuplicateReview duplicates;
    private final Verifications verifications;
    private final Rectification rectification;
    private final Visibility visibility;
    private final Callers callers;

    public IdentityConsole(DuplicateReview duplicates, Verifications verifications, Rectification rectification,
            Visibility visibility, Callers callers) {
        this.duplicates = duplicates;
        this.verifications = verifications;
        this.rectification = rectification;
        this.visibility = visibility;
        this.callers = callers;
    }

    @GET
    @Path("/duplicates")
    @Operation(hidden = true)
    public Uni<TemplateInstance> duplicates() {
        Caller caller = callers.current();
        return duplicates.open(caller).map(pairs -> Templates.duplicates(caller, pairs));
    }

    @POST
    @Path("/duplicates/{id}/merge")
    @Operation(hidden = true)
    public Uni<Response> merge(@PathParam("id") String id) {
        return duplicates.merge(Ids.parse("id", id), callers.current()).map(done -> ConsoleAnswers.to("/console/duplicates"));
    }

    @POST
    @Path("/duplicates/{id}/dismiss")
    @Operation(hidden = true)
    public Uni<Response> dismiss(@PathParam("id") String id) {
        return duplicates.dismiss(Ids.parse("id", id), callers.current())
                .map(done -> ConsoleAnswers.to("/console/duplicates"));
    }

    @POST
    @Path("/customers/{id}/contacts/{contactId}/verifications")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<Response> sendCode(@PathParam("id") String id, @PathParam("contactId") String contactId,
            @FormParam("requestId") String request) {
        Caller caller = callers.current();
        UUID customer = Ids.parse("id", id);
        UUID requestId = Ids.parse("requestId", request);
        return visibility.customer(customer, caller).chain(() -> visibility.request(requestId, caller))
                .chain(() -> verifications.start(customer, Ids.parse("contactId", contactId), requestId, caller.actor()))
                .map(started -> ConsoleAnswers.backTo(requestId));
    }

    @POST
    @Path("/customers/{id}/contacts/{contactId}")
    @Operation(hidden = true)
    public Uni<Response> correctContact(@PathParam("id") String id, @PathParam("contactId") String contactId,
            @FormParam("requestId") String request, @FormParam("value") String value,
            @FormParam("state") String state, @FormParam("reason") String reason) {
        Caller caller = callers.current();
        UUID customer = Ids.parse("id", id);
        UUID contact = Ids.parse("contactId", contactId);
        UUID requestId = Ids.parse("requestId", request);
        String why = required("reason", reason);
        boolean newValue = value != null && !value.isBlank();
        boolean newState = state != null && !state.isBlank();
        if (newState && !state.equals("ACTIVE") && !state.equals("RETIRED")) {
            throw ProblemException.invalidField("state", "must be ACTIVE or RETIRED");
        }
        if (!newValue && !newState) {
            throw ProblemException.invalidField("value", "give a corrected value, a state, or both");
        }
        return visibility.customer(customer, caller)
                .chain(() -> newValue ? rectification.correct(customer, contact, value, why, caller.actor())
                        : Uni.createFrom().nullItem())
                .chain(() -> newState ? rectification.state(customer, contact, ContactPoint.State.valueOf(state), why,
                        caller.actor()) : Uni.createFrom().nullItem())
                .map(done -> ConsoleAnswers.backTo(requestId));
    }

    @POST
    @Path("/customers/{id}/name")
    @Operation(hidden = true)
    public Uni<Response> rename(@PathParam("id") String id, @FormParam("requestId") String request,
            @FormParam("name") String name, @FormParam("reason") String reason) {
        Caller caller = callers.current();
        UUID customer = Ids.parse("id", id);
        UUID requestId = Ids.parse("requestId", request);
        String newName = required("name", name);
        if (newName.length() > 200) {
            throw ProblemException.invalidField("name", "must be at most 200 characters");
        }
        return visibility.customer(customer, caller)
                .chain(() -> rectification.rename(customer, newName, required("reason", reason), caller.actor()))
                .map(done -> ConsoleAnswers.backTo(requestId));
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpHeaders headers) {
        return ConsoleAnswers.problem(e, headers);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers) {
        return ConsoleAnswers.forbidden(headers);
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalidField(field, "is required");
        }
        if (value.length() > 500) {
            throw ProblemException.invalidField(field, "must be at most 500 characters");
        }
        return value.strip();
    }
}
