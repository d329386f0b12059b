package io.omnihub.console.http;

import java.util.UUID;
import java.util.function.Function;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
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

import io.omnihub.console.ConsolePages;
import io.omnihub.delivery.HeldReplies;
import io.omnihub.delivery.ReplyBody;
import io.omnihub.delivery.ReplyService;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.NoteBody;
import io.omnihub.request.RequestAnnotations;
import io.omnihub.request.RequestOwnership;
import io.omnihub.request.TransferBody;
import io.omnihub.routing.Purpose;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.omnihub.team.Roster;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Uni;

/**
 * The console's request page: the customer's whole cross-channel timeline, the reply box with its live preview of
 * where the reply will go and why, and sending. A request another team owns answers 404, as in the API.
 */
@Path("/console")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.TEXT_HTML)
public class RequestPageResource {

    private final ConsolePages pages;
    private final ReplyService replies;
    private final Visibility visibility;
    private final Callers callers;
    private final Validator validator;
    private final RequestOwnership ownership;
    private final Roster roster;
    private final HeldReplies held;
    private final RequestAnnotations annotations;

    public RequestPageResource(ConsolePages pages, ReplyService replies, Visibility visibility, Callers callers,
            Validator validator, RequestOwnership ownership, Roster roster, HeldReplies held,
            RequestAnnotations annotations) {
        this.annotations = annotations;
        this.held = held;
        this.ownership = ownership;
        this.roster = roster;
        this.pages = pages;
        this.replies = replies;
        this.visibility = visibility;
        this.callers = callers;
        this.validator = validator;
    }

    @GET
    @Path("/requests/{id}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> request(@PathParam("id") String id) {
        Caller caller = callers.current();
        return pages.request(Ids.parse("id", id), caller)
                .map(page -> ConsoleTemplates.request(caller, page, pages.outboundChannels()));
    }

    @GET
    @Path("/requests/{id}/timeline")
    @Operation(hidden = true)
    public Uni<TemplateInstance> timeline(@PathParam("id") String id) {
        return pages.timeline(Ids.parse("id", id), callers.current()).map(ConsoleTemplates::timeline);
    }

    @POST
    @Path("/requests/{id}/preview")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<TemplateInstance> preview(@PathParam("id") String id, @FormParam("text") String text) {
        return pages.preview(Ids.parse("id", id), text == null ? 0 : text.length(), callers.current())
                .map(ConsoleTemplates::preview);
    }

    /** The form is the API's reply command, validated by the same rules. */
    @POST
    @Path("/requests/{id}/replies")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<Response> reply(@PathParam("id") String id, @FormParam("text") String text,
            @FormParam("takeOver") boolean takeOver, @FormParam("templateId") String templateId) {
        Caller caller = callers.current();
        UUID requestId = Ids.parse("id", id);
        ReplyBody body = ConsoleAnswers.valid(validator, new ReplyBody(text, Purpose.SERVICE.name(), takeOver,
                templateId == null || templateId.isBlank() ? null : templateId));
        // the service checks that the caller sees the request, on the request it reads
        return replies.reply(requestId, body.text(), Purpose.SERVICE, caller, takeOver, body.template())
                .map(sent -> Response.noContent().header("HX-Trigger", "reply-sent").build());
    }

    @POST
    @Path("/requests/{id}/take")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<Response> take(@PathParam("id") String id, @FormParam("takeOver") boolean takeOver) {
        Caller caller = callers.current();
        return onRequest(id, requestId -> roster.signedIn(caller.subject(), caller.teams())
                .chain(() -> ownership.take(requestId, caller.subject(), takeOver, caller.actor())));
    }

    @POST
    @Path("/requests/{id}/replies/{messageId}/resend")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<Response> resend(@PathParam("id") String id, @PathParam("messageId") String messageId) {
        UUID replyId = Ids.parse("messageId", messageId);
        return onRequest(id, requestId -> held.resend(requestId, replyId, callers.current().actor()));
    }

    @POST
    @Path("/requests/{id}/transfer")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<Response> transfer(@PathParam("id") String id, @FormParam("team") String team,
            @FormParam("note") String note) {
        Caller caller = callers.current();
        UUID requestId = Ids.parse("id", id);
        TransferBody body = ConsoleAnswers.valid(validator, new TransferBody(team, note));
        // the request may leave the caller's sight: back to the queue
        return visibility.request(requestId, caller)
                .chain(() -> ownership.transfer(requestId, body.team(), body.note(), caller.actor()))
                .map(moved -> ConsoleAnswers.to("/console"));
    }

    @POST
    @Path("/requests/{id}/notes")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<Response> note(@PathParam("id") String id, @FormParam("text") String text) {
        NoteBody body = ConsoleAnswers.valid(validator, new NoteBody(text));
        return onRequest(id, requestId -> annotations.note(requestId, body.text(), callers.current().actor()));
    }

    @POST
    @Path("/requests/{id}/labels")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<Response> label(@PathParam("id") String id, @FormParam("label") String label) {
        return onRequest(id, requestId -> annotations.label(requestId, label));
    }

    @POST
    @Path("/requests/{id}/labels/{label}/remove")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<Response> unlabel(@PathParam("id") String id, @PathParam("label") String label) {
        return onRequest(id, requestId -> annotations.unlabel(requestId, label));
    }

    @POST
    @Path("/requests/{id}/release")
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    @Operation(hidden = true)
    public Uni<Response> release(@PathParam("id") String id) {
        Caller caller = callers.current();
        return onRequest(id, requestId -> ownership.release(requestId, caller.subject(),
                caller.has(Roles.SUPERVISOR), caller.actor()));
    }

    /** Acts on a request the caller may see (404 otherwise), then sends htmx back to its page. */
    private Uni<Response> onRequest(String id, Function<UUID, Uni<?>> action) {
        UUID requestId = Ids.parse("id", id);
        return visibility.request(requestId, callers.current()).chain(() -> action.apply(requestId))
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
}
