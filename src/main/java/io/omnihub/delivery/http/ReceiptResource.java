package io.omnihub.delivery.http;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.delivery.Receipt;
import io.omnihub.delivery.Receipts;
import io.omnihub.delivery.ReplyStatus;
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

    /** The reply's delivery status after the receipt. */
    public record ReceiptAnswer(String messageId, String deliveryStatus) {
    }
}
