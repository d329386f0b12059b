package io.omnihub.delivery;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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

import io.omnihub.platform.ProblemException;
import io.omnihub.routing.Decision;
import io.omnihub.routing.Purpose;
import io.smallrye.mutiny.Uni;

/** Operators reply to a request; the reply goes back on the origin channel where the customer allows it. */
@Path("/api/v1/requests/{id}/replies")
@Tag(name = "Replies")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ReplyResource {

    private final ReplyService replies;

    public ReplyResource(ReplyService replies) {
        this.replies = replies;
    }

    @POST
    @Operation(summary = "Reply to a request", description = "201 with the routing decision: the chosen channel,"
            + " or HELD, and every rejected candidate with its reason.")
    public Uni<Response> reply(@PathParam("id") String id, @Valid @NotNull ReplyBody body) {
        return replies.reply(uuid(id), body.text(), purpose(body.purpose()), "operator")
                .map(r -> Response.status(201).entity(r).build());
    }

    @POST
    @Path("/preview")
    @Operation(summary = "Where a reply would go right now, and why, without sending anything")
    public Uni<Decision> preview(@PathParam("id") String id, @Valid @NotNull PreviewBody body) {
        return replies.preview(uuid(id), purpose(body.purpose()), body.text() == null ? 0 : body.text().length());
    }

    static Purpose purpose(String value) {
        if (value == null) {
            return Purpose.SERVICE;
        }
        try {
            return Purpose.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("purpose", "must be SERVICE or MARKETING");
        }
    }

    static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("id", "must be a UUID");
        }
    }

    /** A reply; the purpose is SERVICE unless said otherwise. */
    public record ReplyBody(@NotBlank @Size(max = 100_000) String text, String purpose) {
    }

    /** What to preview; the text is optional (its length matters for channels with a maximum). */
    public record PreviewBody(@Size(max = 100_000) String text, String purpose) {
    }
}
