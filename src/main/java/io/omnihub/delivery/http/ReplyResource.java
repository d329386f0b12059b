package io.omnihub.delivery.http;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

import io.omnihub.delivery.HeldReplies;
import io.omnihub.delivery.ReplyBody;
import io.omnihub.delivery.ReplyResult;
import io.omnihub.delivery.ReplyService;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.routing.Decision;
import io.omnihub.routing.Purpose;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.smallrye.mutiny.Uni;

/** Operators reply to a request; the reply goes back on the origin channel where the customer allows it. */
@Path("/api/v1/requests/{id}/replies")
@Tag(name = "Replies")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ReplyResource {

    private final ReplyService replies;
    private final Callers callers;
    private final Visibility visibility;
    private final HeldReplies held;

    public ReplyResource(ReplyService replies, Callers callers, Visibility visibility, HeldReplies held) {
        this.held = held;
        this.replies = replies;
        this.callers = callers;
        this.visibility = visibility;
    }

    @POST
    @Operation(summary = "Reply to a request", description = "201 with the routing decision: the chosen channel,"
            + " or HELD, and every rejected candidate with its reason. The replier owns a request nobody owned; one"
            + " another operator owns answers 409 unless takeOver is true.")
    public Uni<Response> reply(@PathParam("id") String id, @Valid @NotNull ReplyBody body) {
        Caller caller = callers.current();
        UUID requestId = Ids.parse("id", id);
        Purpose purpose = purpose(body.purpose());
        // the service checks that the caller sees the request, on the request it reads
        return replies.reply(requestId, body.text(), purpose, caller, Boolean.TRUE.equals(body.takeOver()),
                body.template())
                .map(r -> Response.status(201).entity(r).build());
    }

    @POST
    @Path("/preview")
    @Operation(summary = "Where a reply would go right now, and why, without sending anything")
    public Uni<Decision> preview(@PathParam("id") String id, @Valid @NotNull PreviewBody body) {
        UUID requestId = Ids.parse("id", id);
        Purpose purpose = purpose(body.purpose());
        return visibility.request(requestId, callers.current())
                .chain(() -> replies.preview(requestId, purpose, body.text() == null ? 0 : body.text().length()));
    }

    @POST
    @Path("/{messageId}/resend")
    @Consumes(MediaType.WILDCARD) // no body
    @Operation(summary = "Route a held reply anew", description = "It goes if it may now; otherwise it stays held"
            + " with today's reasons. 409 for a reply that is not held.")
    public Uni<ReplyResult> resend(@PathParam("id") String id, @PathParam("messageId") String messageId) {
        Caller caller = callers.current();
        UUID requestId = Ids.parse("id", id);
        UUID replyId = Ids.parse("messageId", messageId);
        return visibility.request(requestId, caller).chain(() -> held.resend(requestId, replyId, caller.actor()));
    }

    static Purpose purpose(String value) {
        if (value == null) {
            return Purpose.SERVICE;
        }
        try {
            Purpose purpose = Purpose.valueOf(value);
            if (purpose == Purpose.VERIFICATION) {
                throw ProblemException.invalidField("purpose",
                        "verification codes are sent only by Omnihub's verification, never as replies");
            }
            return purpose;
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("purpose", "must be SERVICE, MARKETING or FEEDBACK");
        }
    }

    /** What to preview; the text is optional (its length matters for channels with a maximum). */
    public record PreviewBody(@Size(max = 100_000) String text, String purpose) {
    }
}
