package io.omnihub.delivery;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.smallrye.mutiny.Uni;

/** Adapters report what happened to a reply: SENT, DELIVERED, READ or FAILED. */
@Path("/api/v1/receipts")
@Tag(name = "Replies")
@RolesAllowed(Roles.ADAPTER)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ReceiptResource {

    private final Receipts receipts;
    private final Callers callers;

    public ReceiptResource(Receipts receipts, Callers callers) {
        this.receipts = receipts;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Report a delivery receipt for a reply (the CloudEvents id is the message id)")
    public Uni<ReceiptAnswer> report(@Valid @NotNull Receipt receipt) {
        UUID messageId = Ids.parse("messageId", receipt.messageId());
        if (!receipt.channel().equals(callers.current().channel())) {
            throw ProblemException.notFound("Outbound message"); // another channel's messages do not exist for it
        }
        return receipts.byMessage(messageId, receipt.channel(), ReplyStatus.valueOf(receipt.status()),
                receipt.externalId(), receipt.attempt(), receipt.hardBounce())
                .map(status -> new ReceiptAnswer(receipt.messageId(), status));
    }

    /**
     * A receipt.
     *
     * @param attempt the attempt it is about (from the reply's payload), so late receipts of earlier attempts are
     *        ignored
     * @param externalId the channel's own id for the sent message, if any
     */
    public record Receipt(@NotBlank String messageId, @NotBlank @Size(max = 32) String channel,
            @NotNull @Pattern(regexp = "QUEUED|SENT|DELIVERED|READ|FAILED", message = "must be QUEUED, SENT, DELIVERED, READ or FAILED") String status,
            @Size(max = 200) String externalId, Integer attempt, @Size(max = 500) String detail, Boolean permanent) {

        /** A FAILED receipt that says the number or address cannot be reached at all (a hard bounce). */
        public boolean hardBounce() {
            return "FAILED".equals(status) && Boolean.TRUE.equals(permanent);
        }
    }

    /** The reply's delivery status after the receipt. */
    public record ReceiptAnswer(String messageId, String deliveryStatus) {
    }
}
